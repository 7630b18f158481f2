"""Every card the coach posts fits Teams' message size limit, measured as Microsoft measures it (UTF-16)."""

from __future__ import annotations

from bot.document.build import example_strategy
from bot.document.example import TEAM, TODAY, example_answers
from bot.teams.card_size import MESSAGE_LIMIT, size_of
from bot.teams.cards import reply_to_activity
from bot.teams.strategy_card import strategy_card_of
from flows.definition import default_flow
from flows.session import StoredAnswer
from flows.strategy import build_strategy
from flows.strategy_codec import strategy_to_dict
from flows.types import Reply, ReplyKind
from tests.teams.test_strategy_card import visible

LONG = "Wij willen dat elke fietser in Gent zorgeloos rijdt, met eerlijk advies en snelle herstelling. " * 31


def strategy_reply(groups: int) -> Reply:
    """Page one of a team whose every answer is ~2,900 characters, with `groups` focus groups."""
    answers = example_answers()
    names = [f"Groep {n}" for n in range(groups)]
    answers[("focus_groups.groups", "")] = StoredAnswer(names)
    for name in names:
        answers[("propositions.proposition", name)] = StoredAnswer(LONG)
        answers[("focus_groups.persona", name)] = StoredAnswer(
            {"name": LONG[:200], "demographics": LONG, "behaviour": LONG, "drivers": LONG, "buying_motives": LONG})
    for qid in ("golden_circle.why", "golden_circle.how", "golden_circle.what", "ambitions.problem"):
        answers[(qid, "")] = StoredAnswer(LONG)
    strategy = build_strategy(default_flow(), answers, "nl", TODAY, TEAM)
    return Reply(ReplyKind.SUMMARY, "samenvatting", meta={"strategy": strategy_to_dict(strategy)})


def test_a_strategy_card_of_long_answers_fits_teams_message_limit_in_utf16() -> None:
    activity = reply_to_activity(strategy_reply(groups=20))
    assert size_of(activity) <= MESSAGE_LIMIT


def test_what_the_size_limit_cut_from_the_strategy_card_ends_visibly_in_an_ellipsis() -> None:
    card = reply_to_activity(strategy_reply(groups=20))["attachments"][0]["content"]
    texts = visible(card["body"])
    cut = [t for t in texts if t.startswith("Wij willen") and len(t) < len(LONG.strip())]
    assert cut and all(t.endswith("…") for t in cut)


def test_a_card_within_the_limit_is_left_as_it_was() -> None:
    model = strategy_to_dict(example_strategy("nl"))
    activity = reply_to_activity(Reply(ReplyKind.SUMMARY, "samenvatting", meta={"strategy": model}))
    assert activity["attachments"][0]["content"] == strategy_card_of(model)


def test_a_question_card_with_the_longest_text_the_coach_allows_fits_teams_message_limit() -> None:
    question = Reply(ReplyKind.QUESTION, "é" * 12_000, title="Vraag", question_id="q")
    assert size_of(reply_to_activity(question)) <= MESSAGE_LIMIT


def test_a_strategy_too_big_for_teams_shows_fewer_focus_groups_and_says_how_many_more() -> None:
    card = reply_to_activity(strategy_reply(groups=20))["attachments"][0]["content"]
    table = next(e for e in card["body"] if e["type"] == "Table")
    shown = [row["cells"][0]["items"][0]["text"] for row in table["rows"][1:]]
    assert any(text.startswith("Groep 0") for text in shown)
    assert not any(text.startswith("Groep 19") for text in shown)
    assert any(text.startswith("… en nog") and "focusgroepen: zie het document" in text for text in shown)


def test_a_text_message_of_many_short_lines_fits_teams_message_limit_and_ends_visibly() -> None:
    # 12,000 characters, but each line break is two characters in JSON: a third heavier than its length.
    activity = reply_to_activity(Reply(ReplyKind.TEXT, "• één\n" * 2_000))
    assert size_of(activity) <= MESSAGE_LIMIT
    assert activity["text"].endswith("…")
