"""The project manager's weekly check-in and leadership's monthly summary.

The strategy on a page here is a compact one of our own (focus groups, their propositions, the
KPIs); the strategy on a page (flows/strategy.py) is the full version for people who ask for it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from flows.definition import default_flow
from flows.formatting import format_kpi_value
from flows.types import Reply, ReplyKind
from scheduler import messages as m
from scheduler.content import chart_replies, facts_for, kpi_status
from scheduler.documents import current_document
from scheduler.due import missing_owners, open_period
from scheduler.judgement import SEVERITY, overall_of_known, trend
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


_PRIORITY_WORDS = {"hoog": "high", "middel": "medium", "gemiddeld": "medium", "laag": "low"}


def _priority(action: dict[str, Any]) -> str:
    word = str(action.get("priority") or "").strip().lower()
    return _PRIORITY_WORDS.get(word, word)


def step_line(state: str | None, language: str, kpi_count: int = 0) -> str:
    flow = default_flow()
    if not state or state == "start":
        # KPIs set up outside the conversation (or before a restart) still mean the team is at work.
        return m.CHECKIN_MEASURING(language).format(count=kpi_count) if kpi_count else m.CHECKIN_NOT_STARTED(language)
    question = flow.by_id.get(state) or flow.by_id.get(state.split(":")[0])
    if question is None:
        return m.CHECKIN_DONE(language)
    step = flow.step(question.step_id)
    return m.CHECKIN_STEP(language).format(number=step.number, step=step.title(language))


async def checkin(session: AsyncSession, bundle: TeamBundle, now: datetime) -> list[Reply]:
    lang = bundle.language
    today = local_date(now, bundle.state.schedule.calendar)
    stored = await repo.load_session(session, bundle.team_id)
    lines = [step_line(stored.state if stored else None, lang, len(bundle.kpis))]
    answers = await repo.current_answers(session, bundle.team_id)
    actions = answers.get(("time_knowledge.actions", ""))
    items = actions.value if actions is not None and isinstance(actions.value, list) else []
    if items:
        lines.append(m.CHECKIN_ACTIONS(lang))
        order = {"high": 0, "medium": 1, "low": 2}
        for item in sorted(items, key=lambda a: (order.get(_priority(a), 3), str(a.get("due") or "9"))):
            due = _as_date(item.get("due"))
            priority = m.PRIORITIES.get(_priority(item), m.NO_PRIORITY)(lang)
            lines.append(m.CHECKIN_ACTION(lang).format(
                priority=priority, what=_short(item.get("what"), 80), owner=item.get("owner") or "–",
                due=due.isoformat() if due else "–",
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


def evaluation_lines(evaluations: list[Evaluation], language: str) -> list[str]:
    """Every respondent's highlights, condensed: per question one line, each answer short, with who said it
    (the same answer from two people once, with both names)."""
    lines = [m.LEADERSHIP_EVAL(language).format(count=len(evaluations))]
    for field, label in m.LEADERSHIP_EVAL_PART.items():
        said: dict[str, tuple[str, list[str]]] = {}
        for e in evaluations[:MAX_ITEMS]:
            text = _short(getattr(e, field), 70)
            if text:
                said.setdefault(text.casefold(), (text, []))[1].append(e.person_name or e.person)
        if said:
            parts = [f"{text} ({', '.join(who)})" for text, who in said.values()]
            lines.append(f"• {label(language)}: " + "; ".join(parts))
    return lines


async def leadership(session: AsyncSession, bundle: TeamBundle, period: str) -> list[Reply]:
    lang = bundle.language
    answers = await repo.current_answers(session, bundle.team_id)
    lines = [m.LEADERSHIP_STRATEGY(lang), *strategy_lines(answers, lang)]
    history = await kpi_history(session, bundle.team_id, bundle)
    statuses, kpi_lines, judged = [], [], []
    for kpi in bundle.kpis[:MAX_ITEMS]:
        facts = facts_for(kpi, history, period)
        status = kpi_status(bundle, kpi, facts, period, history)
        statuses.append(status)
        judged.append((status, facts))
        row = history.get((kpi.id, period))
        value = row.value if row else None
        kpi_lines.append(m.LEADERSHIP_KPI(lang).format(
            mark=m.MARKS[status], kpi=kpi.name, value=format_kpi_value(value, kpi.unit, lang),
            target=format_kpi_value(kpi.target, kpi.unit, lang),
            trend=m.TREND_WORDS[trend([v for _, v in facts.history])](lang) if value is not None else "–",
            status=m.STATUS[status](lang)))
    status, _ = overall_of_known(statuses)
    lines.append(m.LEADERSHIP_KPIS(lang).format(overall=m.STATUS[status](lang)))
    lines.extend(kpi_lines)
    evaluations = list(await session.scalars(select(Evaluation).where(
        Evaluation.team_id == bundle.team_id, Evaluation.period == period).order_by(Evaluation.id)))
    if evaluations:
        lines.extend(evaluation_lines(evaluations, lang))
    experiments = list(await session.scalars(select(Experiment).where(Experiment.team_id == bundle.team_id)
                                             .order_by(Experiment.id.desc()).limit(5)))
    if experiments:
        lines.append(m.LEADERSHIP_EXPERIMENTS(lang))
        lines.extend(f"• {_short(e.hypothesis, 90)} — {m.EXPERIMENT_STATUS[e.status](lang)}" for e in experiments)
    document = await current_document(session, bundle.team_id, lang)
    attachment: list[Reply] = []
    if document is not None and document.url:
        lines.append(m.LEADERSHIP_DOCUMENT(lang).format(link=f"[{document.filename}]({document.url})"))
    elif document is not None and document.data is not None:
        lines.append(m.LEADERSHIP_DOCUMENT_ATTACHED(lang).format(filename=document.filename))
        attachment.append(Reply(ReplyKind.FILE, document.filename, file=document.data, filename=document.filename))
    elif document is not None and document.command:
        lines.append(m.LEADERSHIP_DOCUMENT_ON_REQUEST(lang).format(command=document.command, team=bundle.name))
    # The two KPIs that most need attention, as charts (Slack shows two per message).
    worst = [facts for _, facts in sorted(judged, key=lambda item: SEVERITY.index(item[0]))]
    summary = Reply(ReplyKind.SUMMARY, "\n".join(lines),
                    title=m.LEADERSHIP_TITLE(lang).format(team=bundle.name, month=m.month_name(period, lang)),
                    meta={"cycle": "leadership", "period": period, "overall": status})
    return [summary, *chart_replies(worst, lang)[:2], *attachment]
