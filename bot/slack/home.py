"""The App Home tab: per team the person belongs to, progress through the four steps, KPIs against
their targets, and what waits for them. Read-only; built from the same tables the coach writes.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bot.context import AppContext
from bot.slack import limits as L
from bot.slack.blocks import mrkdwn
from flows.definition import Flow
from storage import repo
from storage.models import Kpi, Member, Team, Workspace
from storage.slack_failures import team_delivery_failures

FAILURES_SHOWN_FOR = timedelta(days=7)

_WORDS = {
    "nl": {"title": "Je strategiecoach", "none": "Je zit nog in geen enkel team. Typ `/coach start` in een kanaal.",
           "kpis": "KPI's", "waiting": "Wacht op een antwoord", "done": "Alle vragen beantwoord", "target": "doel",
           "now": "nu", "start": "Nog niet begonnen: typ `/coach start`.", "due": "Wacht op jou",
           "failed": "Niet aangekomen in het kanaal", "made_good": "later alsnog gesteld",
           "open": "de coach stelt de vraag opnieuw zodra iemand schrijft"},
    "en": {"title": "Your strategy coach", "none": "You are not in any team yet. Type `/coach start` in a channel.",
           "kpis": "KPIs", "waiting": "Waiting for an answer", "done": "Every question answered", "target": "target",
           "now": "now", "start": "Not started yet: type `/coach start`.", "due": "Waiting for you",
           "failed": "Did not reach the channel", "made_good": "asked again later",
           "open": "the coach asks again as soon as someone writes"},
}


def _text(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": L.trim(text, L.SECTION_TEXT)}}


def _progress(flow: Flow, answered: set[str], language: str) -> str:
    parts = []
    for step in flow.steps:
        ids = [q.id for e in step.elements for q in e.questions]
        done = sum(1 for q in ids if q in answered)
        bar = "█" * round(8 * done / len(ids)) if ids else ""
        parts.append(f"{step.title(language)}  `{bar:░<8}`  {done}/{len(ids)}")
    return "\n".join(parts)


async def _latest_values(session: Any, team_id: int) -> dict[int, float | None]:
    try:  # the monthly cycle's measurements live with the scheduler's tables, when that part is installed
        from storage.cycle_models import KpiValue
    except ImportError:
        return {}
    rows = await session.execute(select(KpiValue.kpi_id, KpiValue.value).where(KpiValue.team_id == team_id)
                                 .order_by(KpiValue.period))
    return {kpi_id: value for kpi_id, value in rows}


def _kpi_line(kpi: Kpi, latest: float | None, words: dict[str, str]) -> str:
    unit = f" {kpi.unit}" if kpi.unit and kpi.unit not in ("count",) else ""
    now = f"{words['now']} {latest:g}{unit} · " if latest is not None else ""
    target = f"{words['target']} {kpi.target:g}{unit}" if kpi.target is not None else "?"
    deadline = f" ({kpi.deadline.isoformat()})" if kpi.deadline else ""
    return f"• *{mrkdwn(kpi.name)}*: {now}{target}{deadline}"


async def home_view(ctx: AppContext, workspace: str, user: str) -> dict[str, Any]:
    async with ctx.sessions() as session:
        teams = list(await session.scalars(
            select(Team).join(Workspace, Team.workspace_id == Workspace.id).join(Member, Member.team_id == Team.id)
            .where(Workspace.platform == "slack", Workspace.external_id == workspace, Member.external_id == user)
            .order_by(Team.id)
        ))
        language = teams[0].language if teams else "nl"
        words = _WORDS.get(language, _WORDS["nl"])
        blocks: list[dict[str, Any]] = [{"type": "header", "text": {"type": "plain_text", "text": words["title"]}}]
        if not teams:
            blocks.append(_text(words["none"]))
        for team in teams:
            blocks.extend(await _team_blocks(ctx, session, team, words, user))
    if len(blocks) > L.BLOCKS_PER_VIEW:
        blocks = [*blocks[: L.BLOCKS_PER_VIEW - 1], _text("…")]
    return {"type": "home", "blocks": blocks}


async def _team_blocks(ctx: AppContext, session: Any, team: Team, words: dict[str, str],
                       user: str) -> list[dict[str, Any]]:
    flow = ctx.flow
    stored = await repo.load_session(session, team.id)
    answers = await repo.current_answers(session, team.id)
    answered = {q for (q, _item), a in answers.items() if a.status == "final"}
    blocks: list[dict[str, Any]] = [{"type": "divider"}, _text(f"*<#{team.external_id}>*"),
                                    _text(_progress(flow, answered, team.language))]
    question = flow.by_id.get(stored.state) if stored else None
    if stored is None:
        blocks.append(_text(words["start"]))
    elif question is not None:
        blocks.append(_text(f":hourglass: *{words['waiting']}:* {mrkdwn(question.ask(team.language))}"))
    else:
        blocks.append(_text(f":white_check_mark: {words['done']}"))
    kpis = await repo.team_kpis(session, team.id)
    if kpis:
        latest = await _latest_values(session, team.id)
        lines = "\n".join(_kpi_line(k, latest.get(k.id), words) for k in kpis)
        blocks.append(_text(f"*{words['kpis']}*\n{lines}"))
    failures = await team_delivery_failures(session, team, ctx.clock() - FAILURES_SHOWN_FOR)
    if failures:
        lines = [f"• {f.received_at:%d-%m %H:%M} · {mrkdwn(L.trim(f.text, 120)) or '…'} ({f.reason}; "
                 f"{words['made_good'] if f.made_good else words['open']})" for f in failures[:3]]
        blocks.append(_text(f":warning: *{words['failed']}*\n" + "\n".join(lines)))
    due = await _due_for(ctx, session, team, user)
    if due:
        blocks.append(_text(f":inbox_tray: *{words['due']}*\n" + "\n".join(f"• {mrkdwn(line)}" for line in due)))
    return blocks


async def _due_for(ctx: AppContext, session: Any, team: Team, user: str) -> list[str]:
    """What waits for the person looking: KPI values, their actions, the evaluation (the `due` command's list)."""
    from scheduler.commands import due_lines

    member = await session.scalar(select(Member).where(Member.team_id == team.id, Member.external_id == user))
    return await due_lines(session, team, member, ctx.clock(), team.language) if member else []
