"""The project manager's weekly check-in and leadership's monthly summary.

The strategy on a page here is a compact one of our own (focus groups, their propositions, the
KPIs); the strategy on a page (flows/strategy.py) is the full version for people who ask for it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from flows.definition import default_flow
from flows.formatting import format_date, format_kpi_value
from flows.types import Reply, ReplyKind
from scheduler import messages as m
from scheduler.content import chart_replies, facts_for, kpi_status
from scheduler.due import missing_owners, open_period
from scheduler.inputs import GROUPS, PROPOSITIONS, load_checkin_inputs, load_leadership_inputs
from scheduler.judgement import SEVERITY, overall_of_known, trend
from scheduler.state import TeamBundle
from scheduler.timing import local_date
from storage.cycle_models import Evaluation
from storage.slack_failures import DeliveryFailure

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


def _trend_words(value: float | None, history: list[float | None], language: str) -> str:
    """", stijgend": only with this month's value and one before it to compare with (the first month has none)."""
    if value is None or sum(v is not None for v in history) < 2:
        return ""
    return ", " + m.TREND_WORDS[trend(history)](language)


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
    """The check-in, reading what it shows unless the scan loaded that already."""
    await load_checkin_inputs(session, [bundle], now)
    return checkin_replies(bundle, now)


def checkin_replies(bundle: TeamBundle, now: datetime) -> list[Reply]:
    """The project manager's check-in, from the bundle and its loaded `checkin_inputs`: no database."""
    lang = bundle.language
    inputs = bundle.checkin_inputs
    assert inputs is not None, "load_checkin_inputs first"
    today = local_date(now, bundle.state.schedule.calendar)
    lines = [step_line(inputs.conversation, lang, len(bundle.kpis))]
    if inputs.actions:
        lines.append(m.CHECKIN_ACTIONS(lang))
        order = {"high": 0, "medium": 1, "low": 2}
        for item in sorted(inputs.actions, key=lambda a: (order.get(_priority(a), 3), str(a.get("due") or "9"))):
            due = _as_date(item.get("due"))
            priority = m.PRIORITIES.get(_priority(item), m.NO_PRIORITY)(lang)
            lines.append(m.CHECKIN_ACTION(lang).format(
                priority=priority, what=_short(item.get("what"), 80), owner=item.get("owner") or "–",
                due=format_date(due.isoformat(), lang) if due else "–",  # "1 februari 2027", as dates are everywhere
                overdue=m.OVERDUE(lang) if due and due < today else ""))
    period = open_period(now, bundle.state)
    missing = missing_owners(bundle.state, period, today)
    if missing:
        names = [k.name for k in bundle.kpis if any(k.id in ids for ids in missing.values())]
        lines.append(m.CHECKIN_MISSING(lang).format(month=m.month_name(period, lang), kpis=", ".join(names)))
    if inputs.unreachable:
        who = sorted({bundle.person(recipient.removeprefix("user:")) if recipient.startswith("user:") else address
                      for recipient, address in inputs.unreachable})
        lines.append(m.CHECKIN_UNREACHABLE(lang).format(who=", ".join(who)))
    if inputs.failures:
        lines.append(failures_line(inputs.failures, lang))
    return [Reply(ReplyKind.STATUS, "\n".join(lines), title=m.CHECKIN_TITLE(lang).format(team=bundle.name),
                  meta={"cycle": "checkin"})]


def failures_line(failures: list[DeliveryFailure], language: str) -> str:
    """How many of the coach's messages Slack never took this week, and what became of them: the team's next
    message has them sent again before it is taken as an answer (bot/slack/undelivered.py)."""
    waiting = sum(1 for f in failures if not f.made_good)
    count = (m.UNDELIVERED_COUNT_ONE if len(failures) == 1 else m.UNDELIVERED_COUNT)(language).format(
        count=len(failures))
    if not waiting:
        what = m.UNDELIVERED_SENT_AGAIN(language)
    elif waiting == len(failures):
        what = m.UNDELIVERED_WAITING(language)
    else:
        what = m.UNDELIVERED_MIXED(language).format(sent=len(failures) - waiting, waiting=waiting)
    return m.CHECKIN_UNDELIVERED(language).format(count=count, what=what)


def strategy_lines(answers: dict[tuple[str, str], Any], language: str) -> list[str]:
    """The focus groups and their propositions, from the newest value of each answer."""
    groups = answers.get((GROUPS, ""))
    lines = []
    for group in (groups if isinstance(groups, list) else [])[:MAX_ITEMS]:
        proposition = answers.get((PROPOSITIONS, str(group)))
        lines.append(m.LEADERSHIP_GROUP(language).format(
            group=group, proposition=_short(proposition if proposition is not None else "–")))
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
    """The summary, reading what it shows unless the scan loaded that already."""
    await load_leadership_inputs(session, [(bundle, period)])
    return leadership_replies(bundle, period)


def leadership_replies(bundle: TeamBundle, period: str) -> list[Reply]:
    """Leadership's monthly summary, from the bundle and its loaded inputs: no database."""
    lang = bundle.language
    inputs, history, experiments = bundle.leadership_inputs, bundle.history, bundle.experiments
    assert inputs is not None and history is not None and experiments is not None, "load_leadership_inputs first"
    lines = [m.LEADERSHIP_STRATEGY(lang), *strategy_lines(inputs.answers, lang)]
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
            trend=_trend_words(value, [v for _, v in facts.history], lang),
            status=m.STATUS[status](lang)))
    status, _ = overall_of_known(statuses)
    lines.append(m.LEADERSHIP_KPIS(lang).format(overall=m.STATUS[status](lang)))
    lines.extend(kpi_lines)
    evaluations = inputs.evaluations.get(period, [])
    if evaluations:
        lines.extend(evaluation_lines(evaluations, lang))
    newest = [experiments[key] for key in sorted(experiments, reverse=True)[:5]]
    if newest:
        lines.append(m.LEADERSHIP_EXPERIMENTS(lang))
        lines.extend(f"• {_short(e.hypothesis, 90)} — {m.EXPERIMENT_STATUS[e.status](lang)}" for e in newest)
    document = inputs.document
    attachment: list[Reply] = []
    if document is not None and document.url:
        link = f"[{document.filename}]({document.url})"
        if document.docx_url:
            word = document.filename.rsplit(".", 1)[0] + ".docx"
            link += m.LEADERSHIP_DOCUMENT_WORD(lang).format(link=f"[{word}]({document.docx_url})")
        lines.append(m.LEADERSHIP_DOCUMENT(lang).format(link=link))
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
