"""What the running application shares: settings, the database, the flow, the coach service."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.document.commands import register_document_commands
from bot.document.links import DocumentLinks, document_links
from flows.definition import Flow, default_flow
from storage.db import make_engine, make_sessionmaker, sqlite_file
from storage.sqlite_inline import Checkpointer

if TYPE_CHECKING:
    from bot.service import CoachService
    from scheduler.delivery import Deliverer


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class AppContext:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    flow: Flow
    service: CoachService
    clock: Callable[[], datetime] = utc_now
    # platform name -> deliverer, filled in by each adapter as it is mounted (for the scheduler's sender)
    deliverers: dict[str, Deliverer] = field(default_factory=dict)
    checkpointer: Checkpointer | None = None
    # The leadership summary's links to the strategy document (PUBLIC_URL set), registered while the context lives
    document_links: DocumentLinks | None = None

    @classmethod
    def create(cls, settings: Settings, clock: Callable[[], datetime] = utc_now) -> AppContext:
        from bot.service import CoachService

        engine = make_engine(settings.database_url)
        sessions = make_sessionmaker(engine)
        flow = default_flow()
        service = CoachService(sessions, flow, clock=clock)
        _register_cycle_commands(service)
        register_document_commands(service)
        path = sqlite_file(settings.database_url)
        checkpointer = Checkpointer(path).start() if path else None
        links = document_links(settings, clock)
        if links is not None:
            from scheduler.documents import register_document_source

            register_document_source(links)
        return cls(settings=settings, engine=engine, sessions=sessions, flow=flow, service=service, clock=clock,
                   checkpointer=checkpointer, document_links=links)

    async def close(self) -> None:
        if self.document_links is not None:
            from scheduler.documents import unregister_document_source

            unregister_document_source(self.document_links)
        await self.engine.dispose()
        if self.checkpointer is not None:
            self.checkpointer.stop()


def _register_cycle_commands(service: CoachService) -> None:
    # The monthly cycle's chat commands (schedule, report, due, KPI values, ...) live with the scheduler.
    try:
        from scheduler.commands import register_cycle_commands
    except ImportError:
        return
    register_cycle_commands(service)
