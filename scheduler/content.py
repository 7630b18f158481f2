"""What each scheduled post says: reminders, nudges, escalations, the report, the evaluation prompt.

Builders return `Reply` values (the platform adapters render them); they read the team bundle only,
the report its KPI history loaded beforehand (`state.preload_history`, `inputs.preload`). Check-ins
and leadership summaries are in summaries.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from flows.formatting import format_kpi_value
from flows.types import Choice, Form, FormField, Reply, ReplyKind
from scheduler import messages as m
from scheduler.chart import has_values, kpi_chart
from scheduler.due import Post, asked_in, period_times
from scheduler.judgement import (
    AWAY,
    MISSING,
    NOT_ASKED,
    SKIPPED,
    KpiFacts,
    expected_value,
    judge,
    overall_of_known,
    trend,
)
from scheduler.state import TeamBundle, preload_history
from scheduler.timing import local_date, shift_period
from storage.cycle_models import KpiValue
from storage.models import Kpi

VALUE_FORM_PREFIX = "cycle:value:"
EVALUATION_FORM_PREFIX = "cycle:evaluation:"
EXPERIMENT_PREFIX = "cycle:experiment:"


def value_form(period: str, kpis: Sequence[Kpi], language: str, team_prefix: bool = False) -> Form:
    """The reminder's form: one number per KPI. Its id carries the period, so an answer is stored for the
    month the reminder asked about, whenever it is sent. Fields of a message covering several teams are
    named `t<team id>:<kpi key>`."""
    fields = tuple(
        FormField(name=f"t{k.team_id}:{k.key}" if team_prefix else k.key, label=k.name, kind="number",
                  hint=f"{m.TARGET(language)} {format_kpi_value(k.target, k.unit, language)}"
                  if k.target is not None else None)
        for k in kpis
    )
    return Form(VALUE_FORM_PREFIX + period, m.FORM_TITLE(language), fields, m.FORM_SUBMIT(language))


def _kpi_lines(bundle: TeamBundle, period: str, kpis: Sequence[Kpi], language: str) -> list[str]:
    previous = shift_period(period, -1)
    lines = []
    for k in kpis:
        before = bundle.values.get((k.id, previous))
        target = format_kpi_value(k.target, k.unit, language)
        if before is None or before.value is None:  # nothing to compare with yet
            lines.append(m.REMINDER_LINE_FIRST(language).format(kpi=k.name, target=target))
            continue
        lines.append(m.REMINDER_LINE(language).format(
            kpi=k.name, previous=format_kpi_value(before.value, k.unit, language), target=target))
    return lines


def deadline_words(bundle: TeamBundle, period: str, language: str) -> str:
    """Until when values are accepted without being late: the deadline's day in words."""
    times = period_times(period, bundle.state)
    return m.day_words(local_date(times.deadline, bundle.state.schedule.calendar), language)


def _recipient_name(bundle: TeamBundle, post: Post) -> str:
    if post.recipient.startswith("user:"):
        return bundle.person(post.recipient.removeprefix("user:"))
    return bundle.name


def reminder(bundle: TeamBundle, post: Post, nudge: bool = False) -> list[Reply]:
    lang = bundle.language
    kpis = [k for k in bundle.kpis if k.id in post.kpi_ids]
    month = m.month_name(post.period, lang)
    words = {"name": _recipient_name(bundle, post), "month": month, "team": bundle.name,
             "deadline": deadline_words(bundle, post.period, lang)}
    intro = (m.NUDGE if nudge else m.REMINDER)(lang).format(**words)
    text = "\n".join([intro, *_kpi_lines(bundle, post.period, kpis, lang)])
    form = value_form(post.period, kpis, lang)
    title = (m.NUDGE_TITLE if nudge else m.REMINDER_TITLE)(lang).format(**words)
    return [Reply(ReplyKind.QUESTION, text, title=title, form=form,
                  question_id=form.form_id, meta={"cycle": post.kind, "period": post.period})]


def combined_reminder(parts: Sequence[tuple[TeamBundle, Post]], nudge: bool = False) -> list[Reply]:
    """One message for a person whose KPIs in several teams fall due together: each team's KPIs under
    its name, one form for them all."""
    first_bundle, first_post = parts[0]
    lang = first_bundle.language
    month = m.month_name(first_post.period, lang)
    lines = [(m.NUDGE_TEAMS if nudge else m.REMINDER_TEAMS)(lang).format(
        name=_recipient_name(first_bundle, first_post), month=month)]
    kpis: list[Kpi] = []
    for bundle, post in parts:
        mine = [k for k in bundle.kpis if k.id in post.kpi_ids]
        kpis.extend(mine)
        lines.append(m.REMINDER_TEAM_HEADER(lang).format(team=bundle.name,
                                                         deadline=deadline_words(bundle, post.period, lang)))
        lines.extend(_kpi_lines(bundle, post.period, mine, lang))
    form = value_form(first_post.period, kpis, lang, team_prefix=True)
    title = (m.NUDGE_TITLE_TEAMS if nudge else m.REMINDER_TITLE_TEAMS)(lang).format(month=month)
    return [Reply(ReplyKind.QUESTION, "\n".join(lines), title=title, form=form, question_id=form.form_id,
                  meta={"cycle": first_post.kind, "period": first_post.period,
                        "teams": [b.team_id for b, _ in parts]})]


def escalation(bundle: TeamBundle, post: Post) -> list[Reply]:
    lang = bundle.language
    state = bundle.state
    reminded = local_date(period_times(post.period, state).reminder, state.schedule.calendar)
    month = m.month_name(post.period, lang)
    text = m.ESCALATION[min(2, state.nudges_posted(post.period))](lang)
    lines = [text.format(date=m.day_words(reminded, lang), month=month)]
    by_id = {k.id: k for k in bundle.kpis}
    for kpi_id in post.kpi_ids:
        kpi = by_id[kpi_id]
        owner = next((o.owner for o in state.kpis if o.id == kpi_id), None)
        lines.append(m.ESCALATION_LINE(lang).format(kpi=kpi.name, owner=bundle.person(owner) if owner else
                                                     (kpi.owner or m.NO_OWNER(lang))))
    return [Reply(ReplyKind.TEXT, "\n".join(lines),
                  title=m.ESCALATION_TITLE(lang).format(month=month, team=bundle.name))]


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
    view = next((o for o in bundle.state.kpis if o.id == kpi.id), None)
    if (row is None or row.value is None) and view is not None and not asked_in(view, period):
        return NOT_ASKED
    if row is None or row.value is None:
        owner = view.owner if view is not None else None
        times = period_times(period, bundle.state)
        cal = bundle.state.schedule.calendar
        start, end = local_date(times.reminder, cal), local_date(times.deadline, cal)
        if owner and any(a.person == owner and a.start <= end and start <= a.end for a in bundle.state.away):
            return AWAY
        return MISSING
    return judge(facts, period, row.value)


def kpi_line(kpi: Kpi, facts: KpiFacts, status: str, row: KpiValue | None, period: str, language: str) -> str:
    value = row.value if row is not None else None
    known = [v for _, v in facts.history if v is not None]
    # An arrow needs a value now and one before it to compare with.
    direction = trend(known) if value is not None and len(known) >= 2 else None
    expected = expected_value(facts, period)
    if expected is not None and kpi.unit == "count":
        expected = round(expected)  # "doel nu 417" leads, not 416,67
    return m.REPORT_LINE(language).format(
        mark=m.MARKS[status], kpi=kpi.name, value=format_kpi_value(value, kpi.unit, language),
        expected=format_kpi_value(expected, kpi.unit, language),
        target=format_kpi_value(kpi.target, kpi.unit, language),
        trend=f" {m.TRENDS[direction]}" if direction else "", status=m.STATUS[status](language),
        late=m.LATE(language) if row is not None and row.late else "")


def chart_replies(facts: Sequence[KpiFacts], language: str) -> list[Reply]:
    """A native chart per KPI with values (a PNG only where a platform needs one, drawn when sent)."""
    replies = []
    for item in facts[:6]:
        chart = kpi_chart(item, language)
        if has_values(chart):
            alt = m.CHART_ALT(language).format(kpi=item.name)
            replies.append(Reply(ReplyKind.IMAGE, alt, image_alt=alt, chart=chart))
    return replies


async def report(session: AsyncSession, bundle: TeamBundle, period: str) -> list[Reply]:
    """The report, reading the KPI history unless the scan loaded it already."""
    await preload_history(session, [bundle])
    return report_replies(bundle, period)


def report_replies(bundle: TeamBundle, period: str) -> list[Reply]:
    """The monthly report from the bundle and its loaded history: no database."""
    lang = bundle.language
    history = bundle.history
    assert history is not None, "preload_history first"
    month = m.month_name(period, lang)
    title = m.REPORT_TITLE(lang).format(month=month, team=bundle.name)
    if not bundle.kpis:
        return [Reply(ReplyKind.TEXT, m.NO_KPIS(lang), title=title)]
    lines, statuses, all_facts = [], [], []
    for kpi in bundle.kpis:
        facts = facts_for(kpi, history, period)
        status = kpi_status(bundle, kpi, facts, period, history)
        statuses.append(status)
        all_facts.append(facts)
        lines.append(kpi_line(kpi, facts, status, history.get((kpi.id, period)), period, lang))
    status, known = overall_of_known(statuses)
    intro = m.REPORT_INTRO(lang).format(month=month, overall=m.STATUS[status](lang))
    asked = sum(1 for s in statuses if s != NOT_ASKED)  # a quarterly KPI off its month is not "not filled in"
    if 0 < known < asked:
        intro = intro.rstrip(".") + m.REPORT_PARTLY(lang).format(known=known, total=asked) + "."
    text = "\n".join([intro, *lines])
    return [Reply(ReplyKind.TEXT, text, title=title, meta={"cycle": "report", "period": period,
                                                          "statuses": statuses}),
            *chart_replies(all_facts, lang)]


def evaluation_prompt(bundle: TeamBundle, period: str) -> list[Reply]:
    lang = bundle.language
    month = m.month_name(period, lang)
    form = Form(EVALUATION_FORM_PREFIX + period, m.EVALUATION_TITLE(lang).format(month=month),
                tuple(FormField(name, label(lang), kind="long_text") for name, label in m.EVAL_FIELDS),
                m.FORM_SUBMIT(lang))
    text = m.EVALUATION(lang).format(month=month) + "\n" + m.EXPERIMENT_HINT(lang)
    return [Reply(ReplyKind.QUESTION, text, title=form.title, form=form, question_id=form.form_id)]


def experiment_prompt(bundle: TeamBundle, post: Post) -> list[Reply]:
    """Did the experiment that ended work? From the bundle's loaded experiments (`inputs.load_experiments`)."""
    lang = bundle.language
    assert bundle.experiments is not None, "load_experiments first"
    exp = bundle.experiments.get(int(post.recipient.removeprefix("exp:")))
    if exp is None:
        return []
    kpi = next((k.name for k in bundle.kpis if k.id == exp.kpi_id), "–")
    qid = f"{EXPERIMENT_PREFIX}{exp.id}"
    return [Reply(ReplyKind.QUESTION, m.EXPERIMENT_RESULT(lang).format(hypothesis=exp.hypothesis, kpi=kpi),
                  title=m.EXPERIMENT_RESULT_TITLE(lang), question_id=qid,
                  choices=(Choice("succeeded", m.SUCCEEDED(lang)), Choice("failed", m.FAILED(lang))))]


def build(bundle: TeamBundle, post: Post, now: datetime) -> list[Reply]:
    """The replies of one due post, from the bundle alone: `inputs.preload` has loaded what they show, so
    building them needs no database (and the scan holds no transaction meanwhile)."""
    if post.kind == "reminder":
        return reminder(bundle, post)
    if post.kind in ("nudge1", "nudge2"):
        return reminder(bundle, post, nudge=True)
    if post.kind == "escalation":
        return escalation(bundle, post)
    if post.kind == "report":
        return report_replies(bundle, post.period)
    if post.kind == "evaluation":
        return evaluation_prompt(bundle, post.period)
    if post.kind == "experiment":
        return experiment_prompt(bundle, post)
    from scheduler import summaries

    if post.kind == "checkin":
        return summaries.checkin_replies(bundle, now)
    if post.kind == "leadership":
        return summaries.leadership_replies(bundle, post.period)
    raise ValueError(post.kind)
