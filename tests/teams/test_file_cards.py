"""FILE replies as Teams messages (pure: `cards.py`): the consent card, the file card, the way to a personal chat."""

from __future__ import annotations

from bot.teams import cards
from flows.types import Reply, ReplyKind

PDF = Reply(ReplyKind.FILE, "Strategie op één pagina", file=b"%PDF-1.7 " * 100, filename="strategie-demo.pdf",
            meta={cards.FILE_TOKEN: "abc123", cards.FILE_LANGUAGE: "nl", cards.FILE_AGAIN: "document"})


def test_a_stored_file_becomes_a_consent_card_with_its_size_and_token() -> None:
    [attachment] = cards.reply_to_activity(PDF)["attachments"]

    assert attachment == {
        "contentType": "application/vnd.microsoft.teams.card.file.consent", "name": "strategie-demo.pdf",
        "content": {"description": "Strategie op één pagina", "sizeInBytes": 900,
                    "acceptContext": {"coach_file": "abc123"}, "declineContext": {"coach_file": "abc123"}}}


def test_a_file_that_was_not_stored_is_named_with_the_command_that_gets_it() -> None:
    unstored = Reply(ReplyKind.FILE, "KPI's", file=b"a;b", filename="kpi.csv",
                     meta={cards.FILE_LANGUAGE: "en", cards.FILE_AGAIN: "export"})

    message = cards.reply_to_activity(unstored)

    assert "attachments" not in message
    assert message["text"] == ("📎 kpi.csv: I can't hand over files in a channel. Type **export** in your personal "
                               "chat with the coach.")


def test_a_file_name_loses_what_onedrive_refuses() -> None:
    assert cards.safe_filename('kpi-history-19:a8c7@thread.tacv2.csv') == "kpi-history-19-a8c7@thread.tacv2.csv"
    assert cards.safe_filename('plan "Q1"/Q2?.pdf') == "plan -Q1-Q2-.pdf"
    assert cards.safe_filename("::") == "bestand"


def test_in_a_channel_the_cards_go_to_the_person_and_the_channel_keeps_one_pointer_in_their_place() -> None:
    before = {"type": "message", "text": "Jullie strategie als document"}
    after = {"type": "message", "text": "Hoe doen jullie dat?"}
    consent = [cards.reply_to_activity(PDF), cards.reply_to_activity(PDF)]

    out = cards.to_person([before, *consent, after], "29:anna", "19:team", "nl", "document", document=True)

    assert [m.get("text") for m in out] == [before["text"], "Ik stuur het document in je persoonlijke chat met de "
                                                            "coach.", after["text"]]
    assert out[1][cards.TO_PERSON]["activities"] == consent
    assert cards.person_pointer(out[1], reached=True) == {"type": "message", "textFormat": "markdown",
                                                          "text": out[1]["text"]}
    assert "kon ik niet openen" in cards.person_pointer(out[1], reached=False)["text"]
