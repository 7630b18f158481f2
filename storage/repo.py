"""Repository functions: every read and write the rest of the code makes.

The caller owns the transaction (one per inbound event); these functions take the session and
never commit. Everything below the workspace is filtered on a team id: one team never sees
another's answers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from storage.models import Answer, Kpi, Member, MemberRole, Team, TeamSession, Workspace, utcnow


async def get_or_create_workspace(session: AsyncSession, platform: str, external_id: str,
                                  name: str | None = None) -> Workspace:
    found = await session.scalar(
        select(Workspace).where(Workspace.platform == platform, Workspace.external_id == external_id)
    )
    if found:
        return found
    workspace = Workspace(platform=platform, external_id=external_id, name=name)
    return await _insert_or_get(session, workspace, lambda: get_or_create_workspace(session, platform, external_id))


async def get_or_create_team(session: AsyncSession, workspace: Workspace, external_id: str,
                             name: str | None = None, language: str = "nl") -> Team:
    found = await session.scalar(
        select(Team).where(Team.workspace_id == workspace.id, Team.external_id == external_id)
    )
    if found:
        return found
    team = Team(workspace_id=workspace.id, external_id=external_id, name=name or external_id, language=language)
    return await _insert_or_get(session, team, lambda: get_or_create_team(session, workspace, external_id))


async def find_team(session: AsyncSession, platform: str, workspace_external_id: str, external_id: str) -> Team | None:
    return await session.scalar(
        select(Team)
        .join(Workspace, Team.workspace_id == Workspace.id)
        .where(Workspace.platform == platform, Workspace.external_id == workspace_external_id,
               Team.external_id == external_id)
    )


async def team_language(session: AsyncSession, platform: str, workspace_external_id: str, external_id: str) -> str:
    """The team's language; Dutch for a team the coach does not know (yet)."""
    team = await find_team(session, platform, workspace_external_id, external_id)
    return team.language if team else "nl"


async def get_or_create_member(session: AsyncSession, team_id: int, external_id: str,
                               name: str | None = None) -> Member:
    found = await session.scalar(select(Member).where(Member.team_id == team_id, Member.external_id == external_id))
    if found:
        if name and found.name != name:
            found.name = name
        return found
    member = Member(team_id=team_id, external_id=external_id, name=name or external_id)
    return await _insert_or_get(session, member, lambda: get_or_create_member(session, team_id, external_id, name))


async def members_named(session: AsyncSession, team_id: int, name: str) -> list[Member]:
    """The team's members whose name, or first name, is `name` (case and surrounding spaces ignored)."""
    wanted = name.strip().casefold()
    members = await session.scalars(select(Member).where(Member.team_id == team_id))
    return [m for m in members if m.name and wanted in (m.name.casefold(), m.name.split()[0].casefold())]


async def _insert_or_get(session: AsyncSession, row: Any, again: Any) -> Any:
    # Two first messages of a new team can race; the unique constraint decides, the loser re-reads.
    try:
        async with session.begin_nested():
            session.add(row)
        return row
    except IntegrityError:
        return await again()


# --- roles ---------------------------------------------------------------------------------------


async def roles_of(session: AsyncSession, member_id: int) -> set[str]:
    rows = await session.scalars(select(MemberRole.role).where(MemberRole.member_id == member_id))
    return set(rows)


async def members_with_role(session: AsyncSession, team_id: int, role: str) -> list[Member]:
    rows = await session.scalars(
        select(Member).join(MemberRole, MemberRole.member_id == Member.id)
        .where(Member.team_id == team_id, MemberRole.role == role).order_by(Member.id)
    )
    return list(rows)


async def grant_role(session: AsyncSession, member_id: int, role: str) -> bool:
    """Give a role; returns False when the member already had it."""
    if role in await roles_of(session, member_id):
        return False
    session.add(MemberRole(member_id=member_id, role=role))
    await session.flush()
    return True


async def revoke_role(session: AsyncSession, member_id: int, role: str) -> None:
    await session.execute(delete(MemberRole).where(MemberRole.member_id == member_id, MemberRole.role == role))


# --- session state -------------------------------------------------------------------------------


async def load_session(session: AsyncSession, team_id: int) -> TeamSession | None:
    return await session.get(TeamSession, team_id, populate_existing=True)


# --- answers -------------------------------------------------------------------------------------


async def current_answers(session: AsyncSession, team_id: int) -> dict[tuple[str, str], Answer]:
    """The newest version of every answer of one team."""
    rows = await session.scalars(
        select(Answer).where(Answer.team_id == team_id).order_by(Answer.question_id, Answer.item_key, Answer.version)
    )
    return {(row.question_id, row.item_key): row for row in rows}


async def add_answer_version(session: AsyncSession, team_id: int, question_id: str, item_key: str, value: Any,
                             raw: str | None, status: str, member: Member | None,
                             previous_version: int = 0) -> Answer:
    answer = Answer(
        team_id=team_id, question_id=question_id, item_key=item_key, version=previous_version + 1, value=value,
        raw=raw, status=status, member_id=member.id if member else None,
        author_name=member.name if member else None,
    )
    session.add(answer)
    return answer


async def answer_history(session: AsyncSession, team_id: int, question_id: str, item_key: str = "") -> list[Answer]:
    rows = await session.scalars(
        select(Answer)
        .where(Answer.team_id == team_id, Answer.question_id == question_id, Answer.item_key == item_key)
        .order_by(Answer.version)
    )
    return list(rows)


async def all_answer_versions(session: AsyncSession, team_id: int) -> list[Answer]:
    rows = await session.scalars(
        select(Answer).where(Answer.team_id == team_id).order_by(Answer.id)
    )
    return list(rows)


# --- KPIs ----------------------------------------------------------------------------------------


def kpi_key(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:120] or "kpi"


def _as_date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def sync_kpis(session: Session, team_id: int, items: Iterable[dict[str, Any]]) -> list[Kpi]:
    """Make the KPI rows match the team's KPI answer: upsert by name, deactivate the rest.

    Rows are never deleted: measurements of earlier months keep pointing at them. A sync function:
    it runs inside a turn's `run_sync` (or through `AsyncSession.run_sync`).
    """
    existing = {k.key: k for k in session.scalars(select(Kpi).where(Kpi.team_id == team_id))}
    kept: list[Kpi] = []
    for item in items:
        key = kpi_key(str(item.get("name") or ""))
        kpi = existing.get(key) or Kpi(team_id=team_id, key=key)
        kpi.name = str(item.get("name"))
        kpi.funnel, kpi.unit = item.get("funnel"), item.get("unit")
        kpi.baseline, kpi.target = item.get("baseline"), item.get("target")
        kpi.deadline = _as_date(item.get("deadline"))
        kpi.owner, kpi.source = item.get("owner"), item.get("source")
        kpi.period = item.get("period")
        kpi.smart_missing = list(item.get("smart_missing") or [])
        kpi.active, kpi.updated_at = True, utcnow()
        if kpi.id is None:
            session.add(kpi)
        kept.append(kpi)
    kept_keys = {k.key for k in kept}
    for key, kpi in existing.items():
        if key not in kept_keys:
            kpi.active = False
    session.flush()
    return kept


async def team_kpis(session: AsyncSession, team_id: int, active_only: bool = True) -> Sequence[Kpi]:
    query = select(Kpi).where(Kpi.team_id == team_id).order_by(Kpi.id)
    if active_only:
        query = query.where(Kpi.active.is_(True))
    return list(await session.scalars(query))
