"""Documents (ReplyKind.FILE: a strategy PDF, a CSV export) reach Slack as files, with their text beside them."""

from __future__ import annotations

from bot.slack.blocks import plan_messages
from flows.types import Reply, ReplyKind
from scheduler.delivery import Destination
from tests.slack.harness import CHANNEL, TEAM, SlackHarness, start

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40
CSV = b"kpi;maand;waarde\nLeads;2026-11;135,5\n"


def document(data: bytes = PDF, name: str = "strategie-marketing.pdf") -> Reply:
    return Reply(ReplyKind.FILE, "Jullie strategie op papier.", title="Strategie", file=data, filename=name)


async def test_a_document_in_a_conversation_reply_is_uploaded_into_the_team_thread(slack: SlackHarness) -> None:
    thread = await start(slack)
    messages = plan_messages([Reply(ReplyKind.TEXT, "Hier is het document."), document()], "nl")
    await slack.coach.poster.post(slack.coach.client, TEAM, CHANNEL, False, messages)
    [asked] = slack.api.of("files.getUploadURLExternal")
    assert asked.params["filename"] == "strategie-marketing.pdf" and int(asked.params["length"]) == len(PDF)
    assert slack.api.uploads[asked.result["file_id"]] == PDF
    [completed] = slack.api.of("files.completeUploadExternal")
    assert completed.params["channel_id"] == CHANNEL and completed.params["thread_ts"] == thread
    assert "Jullie strategie op papier." in completed.params["initial_comment"]
    assert slack.last_question()["text"] == "Hier is het document."  # the text before it, a message of its own


async def test_a_scheduled_csv_export_is_uploaded_at_the_top_of_the_channel(slack: SlackHarness) -> None:
    result = await slack.ctx.deliverers["slack"].deliver(
        Destination("slack", TEAM, CHANNEL, "channel", CHANNEL), [document(CSV, "kpis-november.csv")])
    assert result.ok
    [asked] = slack.api.of("files.getUploadURLExternal")
    assert asked.params["filename"] == "kpis-november.csv"
    assert slack.api.uploads[asked.result["file_id"]] == CSV
    [completed] = slack.api.of("files.completeUploadExternal")
    assert completed.params["channel_id"] == CHANNEL and not completed.params.get("thread_ts")
