"""A team's strategy model from the database (current answers, KPI values, project managers), and its
documents as bytes: what the export, the chat command and the leadership summary hand over."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from flows.definition import Flow, default_flow
from flows.session import StoredAnswer
from flows.strategy import Strategy, build_strategy
from flows.types import Role
from storage import repo
from storage.cycle_models import KpiValue
from storage.models import Kpi, Team

FORMATS = ("pdf", "docx")


async def kpi_values(session: AsyncSession, team_id: int) -> dict[str, list[tuple[str, float | None]]]:
    """Each KPI's monthly values by its name, oldest first (a skipped month counts as not measured)."""
    rows = (await session.execute(
        select(Kpi.name, KpiValue.period, KpiValue.value).join(KpiValue, KpiValue.kpi_id == Kpi.id)
        .where(Kpi.team_id == team_id).order_by(KpiValue.period))).all()
    values: dict[str, list[tuple[str, float | None]]] = {}
    for name, period, value in rows:
        values.setdefault(name, []).append((period, value))
    return values


async def team_strategy(session: AsyncSession, team: Team, today: date, flow: Flow | None = None) -> Strategy:
    current = await repo.current_answers(session, team.id)
    answers = {key: StoredAnswer(a.value, a.status, a.version, a.author_name) for key, a in current.items()}
    managers = [m.name or m.external_id for m in await repo.members_with_role(session, team.id,
                                                                                Role.PROJECT_MANAGER)]
    return build_strategy(flow or default_flow(), answers, team.language, today, team.name or team.external_id,
                          kpi_values=await kpi_values(session, team.id), project_managers=managers)


def render(strategy: Strategy, fmt: str) -> bytes:
    if fmt == "pdf":
        from bot.document.pdf import render_pdf

        return render_pdf(strategy)
    if fmt == "docx":
        from bot.document.docx import render_docx

        return render_docx(strategy)
    raise ValueError(f"not a document format: {fmt}")


def filename(strategy: Strategy, fmt: str) -> str:
    stem = "strategie" if strategy.language == "nl" else "strategy"
    return f"{stem}-{repo.kpi_key(strategy.team or 'team')}-{strategy.date_iso}.{fmt}"


async def strategy_document(session: AsyncSession, team_id: int, today: date, fmt: str = "pdf"
                            ) -> tuple[str, bytes] | None:
    """The team's current document (file name and bytes), or None when it has no strategy yet.

    For the monthly leadership summary: it attaches or links this file.
    """
    team = await session.get(Team, team_id)
    if team is None:
        return None
    strategy = await team_strategy(session, team, today)
    if strategy.is_empty:
        return None
    return filename(strategy, fmt), render(strategy, fmt)


def example_strategy(language: str = "nl") -> Strategy:
    from bot.document.example import TEAM, TODAY, example_answers, example_kpi_values

    return build_strategy(default_flow(), example_answers(language), language, TODAY, TEAM,
                          kpi_values=example_kpi_values(language))
