"""The hook through which the leadership summary finds the team's current strategy document.

The document itself (a PDF or DOCX of the strategy) is built elsewhere (issue 17). Its builder
registers a `DocumentSource` here at start-up; the summary then links to it or attaches it. With
nothing registered, or no document yet, the summary simply says nothing about a document.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StrategyDocument:
    """A document to link to (`url`) or to attach (`data`, named `filename`)."""

    filename: str
    data: bytes | None = None
    url: str | None = None


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
    return None
