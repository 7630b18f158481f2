"""What each scheduled post says: reminders, nudges, escalations, the report, the evaluation prompt.

Builders return `Reply` values (the platform adapters render them); they read the team bundle
and, for the report, the KPI history. Check-ins and leadership summaries are in summaries.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from flows.types import Choice, Form, FormField, Reply, ReplyKind
from scheduler import messages as m
from scheduler.chart import render_png, series_for
from scheduler.due import Post, period_times
from scheduler.judgement import AWAY, MISSING, SKIPPED, KpiFacts, expected_value, judge, overall, trend
from scheduler.state import TeamBundle, kpi_history
from scheduler.timing import local_date, shift_period
from storage.cycle_models import Experiment, KpiValue
from storage.models import Kpi

VALUE_FORM_PREFIX = "cycle:value:"
EVALUATION_FORM_PREFIX = "cycle:evaluation:"
EXPERIMENT_PREFIX = "cycle:experiment:"


def value_form(bundle: TeamBundle, period: str, kpis: Sequence[Kpi], language: str) -> Form:
    fields = tuple(
        FormField(name=k.key, label=k.name, kind="number",
                  hint=f"{m.TARGET(language)} {m.number(k.target, language)}" if k.target is not None else None)
        for k in kpis
    )
    return Form(VALUE_FORM_PREFIX + period, m.FORM_TITLE(language), fields, m.FORM_SUBMIT(language))


def _kpi_lines(bundle: TeamBundle, period: str, kpis: Sequence[Kpi], language: str) -> list[str]:
    previous = shift_period(period, -1)
    lines = []
    for k in kpis:
        before = bundle.values.get((k.id, previous))
        lines.append(m.REMINDER_LINE(language).format(
            kpi=k.name, previous=m.number(before.value if before else None, language),
            target=m.number(k.target, language)))
    return lines


def reminder(bundle: TeamBundle, post: Post, nudge: bool = False) -> list[Reply]:
    lang = bundle.language
    kpis = [k for k in bundle.kpis if k.id in post.kpi_ids]
    month = m.month_name(post.period, lang)
    who = bundle.person(post.recipient.removeprefix("user:")) if post.recipient.startswith("user:") else bundle.name
    intro = (m.NUDGE if nudge else m.REMINDER)(lang).format(name=who, month=month)
    text = "\n".join([intro, *_kpi_lines(bundle, post.period, kpis, lang)])
    form = value_form(bundle, post.period, kpis, lang)
    title = (m.NUDGE_TITLE if nudge else m.REMINDER_TITLE)(lang).format(month=month)
    return [Reply(ReplyKind.QUESTION, text, title=title, form=form,
                  question_id=form.form_id, meta={"cycle": post.kind, "period": post.period})]


def escalation(bundle: TeamBundle, post: Post) -> list[Reply]:
    lang = bundle.language
    lines = [m.ESCALATION(lang)]
    by_id = {k.id: k for k in bundle.kpis}
    for kpi_id in post.kpi_ids:
        kpi = by_id[kpi_id]
        owner = next((o.owner for o in bundle.state.kpis if o.id == kpi_id), None)
        lines.append(m.ESCALATION_LINE(lang).format(kpi=kpi.name, owner=bundle.person(owner) if owner else
                                                     (kpi.owner or m.NO_OWNER(lang))))
    return [Reply(ReplyKind.TEXT, "\n".join(lines),
                  title=m.ESCALATION_TITLE(lang).format(month=m.month_name(post.period, lang)))]


def facts_for(kpi: Kpi, history: Mapping[tuple[int, str], KpiValue], period: str, months: int = 12) -> KpiFacts:
    """The KPI's values for the `months` periods up to `period` (None where nothing was entered)."""
    periods = [shift_period(period, -n) for n in range(months - 1, -1, -1)]
    measured = [p for p in periods if (kpi.id, p) in history]
    first = measured[0] if measured else period
    shown = [p for p in periods if p >= first]
    return KpiFacts(
        name=kpi.name, unit=kpi.unit, baseline=kpi.baseline, target=kpi.target, deadline=kpi.deadline,
        history=tuple((p, history[(kpi.id, p)].value if (kpi.id, p) in history else None) for p in shown),
    )


def kpi_status(bundle: TeamBundle, kpi: Kpi, facts: KpiFacts, period: str,
               history: Mapping[tuple[int, str], KpiValue]) -> str:
    row = history.get((kpi.id, period))
    if row is not None and row.status == "skipped":
        return SKIPPED
    if row is None or row.value is None:
        owner = next((o.owner for o in bundle.state.kpis if o.id == kpi.id), None)
        times = period_times(period, bundle.state)
        cal = bundle.state.schedule.calendar
        start, end = local_date(times.reminder, cal), local_date(times.deadline, cal)
        if owner and any(a.person == owner and a.start <= end and start <= a.end for a in bundle.state.away):
            return AWAY
        return MISSING
    return judge(facts, period, row.value)


async def report(session: AsyncSession, bundle: TeamBundle, period: str) -> list[Reply]:
    lang = bundle.language
    history = await kpi_history(session, bundle.team_id)
    month = m.month_name(period, lang)
    title = m.REPORT_TITLE(lang).format(month=month)
    if not bundle.kpis:
        return [Reply(ReplyKind.TEXT, m.NO_KPIS(lang), title=title)]
    lines, statuses, series = [], [], []
    for kpi in bundle.kpis:
        facts = facts_for(kpi, history, period)
        status = kpi_status(bundle, kpi, facts, period, history)
        statuses.append(status)
        row = history.get((kpi.id, period))

        lines.append(m.REPORT_LINE(lang).format(
            mark=m.MARKS[status], kpi=kpi.name, value=m.number(row.value if row else None, lang),
            expected=m.number(expected_value(facts, period), lang), target=m.number(kpi.target, lang),
            trend=m.TRENDS[trend([v for _, v in facts.history])], status=m.STATUS[status](lang),
            late=m.LATE(lang) if row is not None and row.late else ""))
        series.append(series_for(facts))
    status_word = m.STATUS[overall(statuses)](lang)
    text = "\n".join([m.REPORT_INTRO(lang).format(overall=status_word), *lines])
    replies = [Reply(ReplyKind.TEXT, text, title=title, meta={"cycle": "report", "period": period,
                                                               "statuses": statuses})]
    if any(v is not None for s in series for v in s.actual):
        png = render_png(series, m.TARGET(lang))
        replies.append(Reply(ReplyKind.IMAGE, m.CHART_ALT(lang), image=png, image_alt=m.CHART_ALT(lang)))
    return replies


def evaluation_prompt(bundle: TeamBundle, period: str) -> list[Reply]:
    lang = bundle.language
    month = m.month_name(period, lang)
    form = Form(EVALUATION_FORM_PREFIX + period, m.EVALUATION_TITLE(lang).format(month=month),
                tuple(FormField(name, label(lang), kind="long_text") for name, label in m.EVAL_FIELDS),
                m.FORM_SUBMIT(lang))
    text = m.EVALUATION(lang).format(month=month) + "\n" + m.EXPERIMENT_HINT(lang)
    return [Reply(ReplyKind.QUESTION, text, title=form.title, form=form, question_id=form.form_id)]


async def experiment_prompt(session: AsyncSession, bundle: TeamBundle, post: Post) -> list[Reply]:
    lang = bundle.language
    exp = await session.get(Experiment, int(post.recipient.removeprefix("exp:")))
    if exp is None:
        return []
    kpi = next((k.name for k in bundle.kpis if k.id == exp.kpi_id), "–")
    qid = f"{EXPERIMENT_PREFIX}{exp.id}"
    return [Reply(ReplyKind.QUESTION, m.EXPERIMENT_RESULT(lang).format(hypothesis=exp.hypothesis, kpi=kpi),
                  title=m.EXPERIMENT_RESULT_TITLE(lang), question_id=qid,
                  choices=(Choice("succeeded", m.SUCCEEDED(lang)), Choice("failed", m.FAILED(lang))))]


async def build(session: AsyncSession, bundle: TeamBundle, post: Post, now: datetime) -> list[Reply]:
    """The replies of one due post."""
    if post.kind == "reminder":
        return reminder(bundle, post)
    if post.kind in ("nudge1", "nudge2"):
        return reminder(bundle, post, nudge=True)
    if post.kind == "escalation":
        return escalation(bundle, post)
    if post.kind == "report":
        return await report(session, bundle, post.period)
    if post.kind == "evaluation":
        return evaluation_prompt(bundle, post.period)
    if post.kind == "experiment":
        return await experiment_prompt(session, bundle, post)
    from scheduler import summaries

    if post.kind == "checkin":
        return await summaries.checkin(session, bundle, now)
    if post.kind == "leadership":
        return await summaries.leadership(session, bundle, post.period)
    raise ValueError(post.kind)


