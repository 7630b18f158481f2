"""The hook through which the leadership summary finds the team's current strategy document.

The document itself (a PDF or DOCX of the strategy) is built elsewhere (bot/document). A source
registered here (`register_document_source`) that knows a link, or hands the file, wins: the
summary links to it (the PDF, and the Word file beside it when the source serves one) or attaches
it. Without one, a team that has a strategy gets the pointer to the `document` command, which
builds the current PDF when asked: rendering a PDF for every team while the monthly summaries fall
due would put seconds of CPU per team on the scan's hot path and megabytes into the outbox. A team
without a strategy gets no document line.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Answer, Team
from storage.repo import kpi_key

log = logging.getLogger(__name__)

KEPT_POINTS = "_kept"  # answer rows that are kept points, not strategy answers


@dataclass(frozen=True)
class StrategyDocument:
    """A document to link to (`url`, and `docx_url` for the same as Word) or to attach (`data`, named
    `filename`)."""

    filename: str
    data: bytes | None = None
    url: str | None = None
    docx_url: str | None = None
    command: str | None = None  # "document": the chat command that hands it over


DocumentSource = Callable[[AsyncSession, int, str], Awaitable[StrategyDocument | None]]
_sources: list[DocumentSource] = []


def register_document_source(source: DocumentSource) -> None:
    """Called by the document builder: `source(session, team_id, language)` returns the current document
    of the team (or None while there is none)."""
    if source not in _sources:
        _sources.append(source)


def unregister_document_source(source: DocumentSource) -> None:
    if source in _sources:
        _sources.remove(source)


async def current_document(session: AsyncSession, team_id: int, language: str) -> StrategyDocument | None:
    for source in _sources:
        try:
            found = await source(session, team_id, language)
        except Exception:  # a broken document must not stop leadership's monthly summary
            log.exception("the strategy document source failed for team %s", team_id)
            continue
        if found is not None:
            return found
    return await on_request(session, team_id)


async def on_request(session: AsyncSession, team_id: int) -> StrategyDocument | None:
    """The `document` command's PDF, for a team that has answered anything of its strategy."""
    answered = await session.scalar(select(Answer.id).where(Answer.team_id == team_id,
                                                            Answer.question_id != KEPT_POINTS).limit(1))
    team = await session.get(Team, team_id) if answered is not None else None
    if team is None:
        return None
    stem = "strategie" if team.language != "en" else "strategy"
    return StrategyDocument(f"{stem}-{kpi_key(team.name or team.external_id)}.pdf", command="document")
