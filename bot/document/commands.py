"""The chat command that hands over the strategy document: `document` (also `strategiedocument`, `pdf`,
`docx`; `/document` at any moment). It answers with the PDF and the Word file as FILE replies, which
each platform posts as files (Slack: files_upload_v2 in the thread; Teams: the file-consent card).
Like every command, a bare `document` is the command at any moment; `document pdf` too."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from bot.document.build import FORMATS, filename, render, team_strategy
from flows import strategy_labels as L
from flows.types import Inbound, Reply, ReplyKind
from storage.models import Member, Team

if TYPE_CHECKING:
    from bot.service import CoachService

VERBS = ("document", "documenten", "strategiedocument", "pdf", "docx")
MIME = {"pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def document_replies(language: str, date_words: str, files: list[tuple[str, bytes]]) -> list[Reply]:
    """A line saying what comes, then one FILE reply per document (its MIME type in `meta`)."""
    replies = [Reply(ReplyKind.TEXT, L.DOCUMENT_READY(language).format(date=date_words))]
    for name, data in files:
        fmt = name.rsplit(".", 1)[-1]
        replies.append(Reply(ReplyKind.FILE, L.TITLE(language), title=name, file=data, filename=name,
                             meta={"mime": MIME[fmt], "document": fmt}))
    return replies


class DocumentCommand:
    def __init__(self, service: CoachService) -> None:
        self.service = service

    async def __call__(self, session: AsyncSession, team: Team, member: Member, inbound: Inbound, arg: str,
                       language: str) -> list[Reply]:
        today = self.service.clock().date()
        strategy = await team_strategy(session, team, today, self.service.flow)
        if strategy.is_empty:
            return [Reply(ReplyKind.TEXT, L.NO_STRATEGY_YET(language))]
        wanted = [f for f in FORMATS if f in arg.lower().split()] or list(FORMATS)
        verb = (inbound.text or "").strip().lstrip("/").split(" ", 1)[0].lower()
        if verb in FORMATS:
            wanted = [verb]
        files = [(filename(strategy, fmt), render(strategy, fmt)) for fmt in wanted]
        return document_replies(language, strategy.date, files)


def takes(arg: str) -> bool:
    """`document pdf`, `document pdf docx`: the formats wanted; any other words make the text an answer."""
    return all(word in FORMATS for word in arg.lower().split())


def register_document_commands(service: CoachService) -> None:
    service.register_command(VERBS, DocumentCommand(service), takes)
