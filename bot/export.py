"""`python -m bot export --team NAME --format md|json`: what is stored for a team."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import Any, TextIO

from sqlalchemy import select

from bot.config import Settings
from bot.context import AppContext
from flows.consistency import kept_points, open_items
from flows.summary import strategy_markdown
from storage import repo
from storage.models import Team


async def _find_team(ctx: AppContext, name: str) -> Team | None:
    async with ctx.sessions() as session:
        teams = list(await session.scalars(select(Team).where((Team.external_id == name) | (Team.name == name))))
    return teams[0] if len(teams) == 1 else None


async def export_team(ctx: AppContext, team: Team, fmt: str) -> str:
    async with ctx.sessions() as session:
        current = await repo.current_answers(session, team.id)
        versions = await repo.all_answer_versions(session, team.id)
        kpis = await repo.team_kpis(session, team.id, active_only=False)
    if fmt == "md":
        return strategy_markdown(ctx.flow, current, team.language, team.name or team.external_id)
    document: dict[str, Any] = {
        "team": team.name or team.external_id,
        "language": team.language,
        "answers": [_answer_json(a) for a in current.values()],
        "history": [_answer_json(a) for a in versions],
        "kpis": [{"name": k.name, "funnel": k.funnel, "unit": k.unit, "baseline": k.baseline, "target": k.target,
                  "deadline": k.deadline.isoformat() if k.deadline else None, "owner": k.owner, "source": k.source,
                  "smart_missing": k.smart_missing, "active": k.active} for k in kpis],
        "kept_points": [asdict(p) for p in kept_points(current)],
        "open": [asdict(o) for o in open_items(ctx.flow, current)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _answer_json(answer: Any) -> dict[str, Any]:
    return {"question_id": answer.question_id, "item": answer.item_key, "version": answer.version,
            "value": answer.value, "status": answer.status, "author": answer.author_name,
            "at": answer.created_at.isoformat() if answer.created_at else None}


async def run_export(settings: Settings, team: str, fmt: str, stdout: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    ctx = AppContext.create(settings)
    try:
        found = await _find_team(ctx, team)
        if found is None:
            print(f"error: no single team called {team!r}; start one with `python -m bot chat --team {team}`",
                  file=sys.stderr)
            return 1
        stdout.write(await export_team(ctx, found, fmt) + "\n")
    finally:
        await ctx.close()
    return 0
