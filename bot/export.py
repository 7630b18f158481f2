"""`python -m bot export --team NAME --format md|json|docx|pdf [--out FILE]`: a team's strategy to take away.

Markdown, PDF and Word are the strategy document (one model, three renderings). JSON is for other
tools: the model, every version of every answer, the kept points (with who kept them and when),
what is still open and what was set aside for later (the coach's own lists, flows/consistency.py),
and the KPIs with their monthly values.
"""

from __future__ import annotations

import json
import shlex
import sys
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import select

from bot.config import Settings
from bot.context import AppContext
from bot.document.build import filename, render, team_strategy
from flows.consistency import KEPT, LATER, kept_points, later_items, open_items
from flows.strategy_codec import strategy_to_dict
from flows.strategy_markdown import render_markdown
from storage import repo
from storage.cycle_models import KpiValue
from storage.models import Team

TEXT_FORMATS, FILE_FORMATS = ("md", "json"), ("pdf", "docx")


async def _find_team(ctx: AppContext, name: str) -> Team | None:
    async with ctx.sessions() as session:
        teams = list(await session.scalars(select(Team).where((Team.external_id == name) | (Team.name == name))))
    return teams[0] if len(teams) == 1 else None


def _today(ctx: AppContext) -> date:
    return ctx.clock().date()


async def export_team(ctx: AppContext, team: Team, fmt: str) -> str:
    """The team as Markdown or JSON text."""
    async with ctx.sessions() as session:
        strategy = await team_strategy(session, team, _today(ctx), ctx.flow)
        if fmt == "md":
            return render_markdown(strategy)
        current = await repo.current_answers(session, team.id)
        versions = await repo.all_answer_versions(session, team.id)
        kpis = await repo.team_kpis(session, team.id, active_only=False)
        values = list(await session.scalars(select(KpiValue).where(KpiValue.team_id == team.id)
                                            .order_by(KpiValue.period)))
    document: dict[str, Any] = {
        "team": team.name or team.external_id,
        "language": team.language,
        "generated": _today(ctx).isoformat(),
        "strategy": strategy_to_dict(strategy),
        "answers": [_answer_json(a) for key, a in current.items() if key[0] not in (KEPT, LATER)],
        "history": [_answer_json(a) for a in versions],
        "kept_points": _kept_json(current),
        "open_items": [{"question_id": o.question, "item": o.item, "reason": o.reason}
                       for o in open_items(ctx.flow, current)],
        "later": later_items(current),
        "kpis": [{"name": k.name, "funnel": k.funnel, "unit": k.unit, "baseline": k.baseline, "target": k.target,
                  "deadline": k.deadline.isoformat() if k.deadline else None, "owner": k.owner, "source": k.source,
                  "smart_missing": k.smart_missing, "active": k.active,
                  "values": [{"period": v.period, "value": v.value, "status": v.status, "late": v.late,
                              "entered_by": v.entered_by} for v in values if v.kpi_id == k.id]} for k in kpis],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


async def export_file(ctx: AppContext, team: Team, fmt: str) -> tuple[str, bytes]:
    """The team's document as PDF or Word: its file name and bytes."""
    async with ctx.sessions() as session:
        strategy = await team_strategy(session, team, _today(ctx), ctx.flow)
    return filename(strategy, fmt), render(strategy, fmt)


def _kept_json(current: dict[tuple[str, str], Any]) -> list[dict[str, Any]]:
    """The rows of the kept points still standing (as `status` and the document count them), with author and time."""
    standing = {(p.rule, p.question, p.item) for p in kept_points(current)}
    return [_answer_json(a) for key, a in current.items() if key[0] == KEPT and isinstance(a.value, dict)
            and (str(a.value.get("rule")), str(a.value.get("question")), str(a.value.get("item") or "")) in standing]


def _answer_json(answer: Any) -> dict[str, Any]:
    return {"question_id": answer.question_id, "item": answer.item_key, "version": answer.version,
            "value": answer.value, "status": answer.status, "author": answer.author_name,
            "at": answer.created_at.isoformat() if answer.created_at else None}


async def run_export(settings: Settings, team: str, fmt: str, stdout: TextIO | None = None,
                     out: str | None = None) -> int:
    """Markdown and JSON go to `out` or standard output; a PDF or Word file to `out` or a file named for
    the team and the date in the current folder (binary bytes are never poured into a terminal)."""
    stdout = stdout or sys.stdout
    ctx = AppContext.create(settings)
    try:
        found = await _find_team(ctx, team)
        if found is None:
            print(f"error: no single team called {team!r}; start one with "
                  f"`python -m bot chat --team {shlex.quote(team)}`", file=sys.stderr)
            return 1
        if fmt in TEXT_FORMATS:
            text = await export_team(ctx, found, fmt) + "\n"
            if out:
                Path(out).write_text(text, encoding="utf-8")
                print(f"wrote {out}", file=stdout)
            else:
                stdout.write(text)
            return 0
        name, data = await export_file(ctx, found, fmt)
        target = Path(out or name)
        try:
            target.write_bytes(data)
        except OSError as error:
            print(f"error: could not write {target}: {error.strerror}", file=sys.stderr)
            return 1
        print(f"wrote {target} ({len(data) // 1024 or 1} KB)", file=stdout)
    finally:
        await ctx.close()
    return 0
