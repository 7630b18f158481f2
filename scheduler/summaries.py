"""The project manager's weekly check-in and leadership's monthly summary.

The strategy on a page here is a compact one of our own (focus groups, their propositions, the
KPIs); flows/summary.py, once it exists, is the full Markdown version for people who ask for it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from flows.definition import default_flow
from flows.types import Reply, ReplyKind
from scheduler import messages as m
from scheduler.content import facts_for, kpi_status
from scheduler.due import missing_owners, open_period
from scheduler.judgement import overall
from scheduler.state import TeamBundle, kpi_history
from scheduler.timing import local_date
from storage import repo
from storage.cycle_models import Evaluation, Experiment, UnreachableRecipient

MAX_ITEMS = 8  # leadership reads this in a minute: long lists are cut, visibly


def _short(text: Any, limit: int = 140) -> str:
    plain = " ".join(str(text or "").split())
    return plain if len(plain) <= limit else plain[: limit - 1] + "…"


def _as_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def step_line(state: str | None, language: str) -> str:
    flow = default_flow()
    if not state or state == "start":
        return m.CHECKIN_NOT_STARTED(language)
    question = flow.by_id.get(state) or flow.by_id.get(state.split(":")[0])
    if question is None:
        return m.CHECKIN_DONE(language)
    step = flow.step(question.step_id)
    return m.CHECKIN_STEP(language).format(number=step.number, step=step.title(language))


async def checkin(session: AsyncSession, bundle: TeamBundle, now: datetime) -> list[Reply]:
    lang = bundle.language
    today = local_date(now, bundle.state.schedule.calendar)
    stored = await repo.load_session(session, bundle.team_id)
    lines = [step_line(stored.state if stored else None, lang)]
    answers = await repo.current_answers(session, bundle.team_id)
    actions = answers.get(("time_knowledge.actions", ""))
    items = actions.value if actions is not None and isinstance(actions.value, list) else []
    if items:
        lines.append(m.CHECKIN_ACTIONS(lang))
        order = {"high": 0, "medium": 1, "low": 2}
        for item in sorted(items, key=lambda a: (order.get(str(a.get("priority")), 3), str(a.get("due") or "9"))):
            due = _as_date(item.get("due"))
            lines.append(m.CHECKIN_ACTION(lang).format(
                what=_short(item.get("what"), 80), owner=item.get("owner") or "–", due=due.isoformat() if due else "–",
                overdue=m.OVERDUE(lang) if due and due < today else ""))
    period = open_period(now, bundle.state)
    missing = missing_owners(bundle.state, period, today)
    if missing:
        names = [k.name for k in bundle.kpis if any(k.id in ids for ids in missing.values())]
        lines.append(m.CHECKIN_MISSING(lang).format(month=m.month_name(period, lang), kpis=", ".join(names)))
    unreachable = list(await session.scalars(select(UnreachableRecipient).where(
        UnreachableRecipient.team_id == bundle.team_id, UnreachableRecipient.resolved_at.is_(None))))
    if unreachable:
        who = sorted({bundle.person(u.recipient.removeprefix("user:")) if u.recipient.startswith("user:")
                      else u.address for u in unreachable})
        lines.append(m.CHECKIN_UNREACHABLE(lang).format(who=", ".join(who)))
    return [Reply(ReplyKind.STATUS, "\n".join(lines), title=m.CHECKIN_TITLE(lang).format(team=bundle.name),
                  meta={"cycle": "checkin"})]


def strategy_lines(answers: dict[tuple[str, str], Any], language: str) -> list[str]:
    groups_answer = answers.get(("focus_groups.groups", ""))
    groups = groups_answer.value if groups_answer is not None and isinstance(groups_answer.value, list) else []
    lines = []
    for group in groups[:MAX_ITEMS]:
        proposition = answers.get(("propositions.proposition", str(group)))
        lines.append(m.LEADERSHIP_GROUP(language).format(
            group=group, proposition=_short(proposition.value if proposition else "–")))
    return lines


async def leadership(session: AsyncSession, bundle: TeamBundle, period: str) -> list[Reply]:
    lang = bundle.language
    answers = await repo.current_answers(session, bundle.team_id)
    lines = [m.LEADERSHIP_STRATEGY(lang), *strategy_lines(answers, lang)]
    history = await kpi_history(session, bundle.team_id)
    statuses, kpi_lines = [], []
    for kpi in bundle.kpis[:MAX_ITEMS]:
        facts = facts_for(kpi, history, period)
        status = kpi_status(bundle, kpi, facts, period, history)
        statuses.append(status)
        row = history.get((kpi.id, period))
        kpi_lines.append(f"{m.MARKS[status]} {kpi.name}: {m.number(row.value if row else None, lang)} / "
                         f"{m.number(kpi.target, lang)} ({m.STATUS[status](lang)})")
    lines.append(m.LEADERSHIP_KPIS(lang).format(overall=m.STATUS[overall(statuses)](lang)))
    lines.extend(kpi_lines)
    evaluations = list(await session.scalars(select(Evaluation).where(
        Evaluation.team_id == bundle.team_id, Evaluation.period == period).order_by(Evaluation.id)))
    if evaluations:
        first = evaluations[0]
        lines.append(m.LEADERSHIP_EVAL(lang).format(
            well=_short(first.went_well, 90), badly=_short(first.went_badly, 90),
            priorities=_short(first.priorities, 90)))
    experiments = list(await session.scalars(select(Experiment).where(Experiment.team_id == bundle.team_id)
                                             .order_by(Experiment.id.desc()).limit(5)))
    if experiments:
        lines.append(m.LEADERSHIP_EXPERIMENTS(lang))
        lines.extend(f"• {_short(e.hypothesis, 90)} — {m.EXPERIMENT_STATUS[e.status](lang)}" for e in experiments)
    return [Reply(ReplyKind.SUMMARY, "\n".join(lines),
                  title=m.LEADERSHIP_TITLE(lang).format(team=bundle.name, month=m.month_name(period, lang)),
                  meta={"cycle": "leadership", "period": period, "overall": overall(statuses)})]
