"""The strategy model as Markdown: page one alone (for the chat), or the whole document (export)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from flows import strategy_labels as L
from flows.strategy import Action, Axis, Strategy
from flows.strategy_kpis import Kpi
from flows.strategy_parts import Journey

DOT, RING = "●", "○"


def axis_track(axis: Axis) -> str:
    """`Bestaande klanten ○○○●○ Nieuwe klanten`: where the team stands, as five marks."""
    marks = "".join(DOT if axis.position == n else RING for n in range(1, 6))
    return f"{axis.left} {marks} {axis.right}"


def cell(text: object) -> str:
    shown = " ".join(str(text).split()) if text not in (None, "") else "—"
    return shown.replace("|", "/")


def _table(head: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def _or_open(text: str | None, lang: str) -> str:
    return text if text else f"_{L.STILL_OPEN(lang)}_"


def _list(items: Sequence[str], lang: str) -> list[str]:
    return [f"- {i}" for i in items] if items else [f"_{L.STILL_OPEN(lang)}_"]


def kpi_summary(kpi: Kpi) -> str:
    return kpi.line + (f" ({kpi.owner})" if kpi.owner else "")


def action_line(action: Action) -> str:
    extra = ", ".join(p for p in (action.owner, action.due) if p)
    return action.what + (f" — {extra}" if extra else "")


def page_one(s: Strategy) -> list[str]:
    lang = s.language
    title = L.TITLE(lang) + (f" — {s.team}" if s.team else "")
    lines = [f"# {title}", f"_{L.AS_OF(lang).format(date=s.date)}_ · **{L.FORMULA(lang)}**", "",
             f"## {L.WHY_HOW_WHAT(lang)}"]
    lines += [f"- **{label(lang)}:** {_or_open(text, lang)}" for label, text in ((L.WHY, s.why), (L.HOW, s.how),
                                                                               (L.WHAT, s.what))]
    lines += ["", f"**{L.CORE_VALUES(lang)}:** {_or_open(', '.join(s.core_values), lang)}",
              f"**{L.PROBLEM(lang)}:** {_or_open(s.problem, lang)}", "", f"## {L.EMPHASIS(lang)}"]
    lines += [f"- {axis_track(a)} — {a.words}" for a in s.emphasis]
    if s.goals:
        lines += ["", f"**{L.GOALS(lang)}:**", *[f"- {g}" for g in s.goals]]
    lines += ["", f"## {L.FOCUS_GROUPS(lang)}"]
    if s.focus_groups:
        rows = []
        for g in s.focus_groups:
            persona = (f"**{g.name}** — {g.persona.name}" + (f": {g.persona.line}" if g.persona.line else "")
                       if g.persona else f"**{g.name}**")
            rows.append((persona, g.persona.buying_motives if g.persona else None, g.proposition,
                         "; ".join(kpi_summary(k) for k in g.kpis)))
        lines += _table((L.COL_GROUP(lang), L.COL_MOTIVES(lang), L.COL_PROPOSITION(lang), L.COL_KPIS(lang)), rows)
    else:
        lines.append(f"_{L.NOT_CHOSEN(lang)}_")
    if s.overall_kpis:
        lines += ["", f"**{L.OVERALL_KPIS(lang)}:**", *[f"- {kpi_summary(k)}" for k in s.overall_kpis]]
    lines += ["", f"## {L.NOT_DOING(lang)}", *_list(s.not_doing, lang), "", f"## {L.BUDGET(lang)}"]
    budget = s.budget
    monthly = _or_open(budget.monthly, lang) + (f" ({budget.period})" if budget.period else "")
    lines.append(f"- **{L.MONTHLY(lang)}:** {monthly}")
    if budget.needed:
        lines.append(f"- **{L.NEEDED(lang)}:** {budget.needed}")
    roi = _or_open(budget.roi, lang) + (f" ({budget.roi_basis})" if budget.roi_basis else "")
    lines += [f"- **{L.ROI(lang)}:** {roi}", "", f"## {L.WHO_CARRIES(lang)}",
              f"- **{L.SPONSOR(lang)}:** {_or_open(s.sponsor, lang)}",
              f"- **{L.PROJECT_MANAGER(lang)}:** {_or_open(s.project_manager, lang)}", "", f"## {L.TOP_ACTIONS(lang)}"]
    lines += [f"{n}. {action_line(a)}" for n, a in enumerate(s.top_actions, 1)] or [f"_{L.STILL_OPEN(lang)}_"]
    lines.append("")
    return lines + attention(s)


def attention(s: Strategy) -> list[str]:
    lang = s.language
    lines = [f"## {L.ATTENTION(lang)}"]
    for kind, title in (("open", L.OPEN), ("kept", L.KEPT), ("later", L.LATER)):
        texts = [a.text for a in s.attention if a.kind == kind]
        if texts:
            lines += [f"**{title(lang)}:**", *[f"- {t}" for t in texts]]
    if len(lines) == 1:
        lines.append(L.NOTHING_OPEN(lang))
    return lines


def _journey(journey: Journey, lang: str) -> list[str]:
    return _table((L.PHASE(lang), *journey.columns), ((row.phase, *row.cells) for row in journey.rows))


def next_pages(s: Strategy) -> list[str]:
    lang, d, t, a = s.language, s.discover, s.translate, s.achieve
    lines = ["", "---", "", f"## {L.DISCOVER(lang)}"]
    for label, items in ((L.AMBITIONS, d.ambitions), (L.CHALLENGES, d.challenges), (L.AUDIENCES, d.audiences),
                         (L.SOURCES, d.sources)):
        lines += ["", f"**{label(lang)}:**", *_list(items, lang)]
    if d.visitors or d.conversion:
        lines += ["", f"- **{L.VISITORS(lang)}:** {d.visitors or '—'}",
                  f"- **{L.CONVERSION(lang)}:** {d.conversion or '—'}"]
    lines += ["", f"**{L.COMPETITORS(lang)}:**"]
    lines += [f"- {c.label}" + (f": {c.text}" if c.text else "") for c in d.competitors] or _list((), lang)
    lines += ["", f"### {L.SWOT(lang)}"]
    lines += _table((L.STRENGTHS(lang), L.WEAKNESSES(lang)), [("; ".join(d.strengths), "; ".join(d.weaknesses))])
    lines += ["", *_table((L.OPPORTUNITIES(lang), L.THREATS(lang)),
                          [("; ".join(d.opportunities), "; ".join(d.threats))])]
    lines += ["", f"## {L.COL_KPIS(lang)}"]
    if s.kpis:
        lines += _table((L.KPI(lang), L.FOCUS_GROUPS(lang), L.FUNNEL(lang), L.BASELINE(lang), L.TARGET(lang),
                         L.DEADLINE(lang), L.OWNER(lang), L.SOURCE(lang)),
                        ((k.name, k.focus_group or "—", k.funnel, k.baseline, k.target, k.deadline, k.owner, k.source)
                         for k in s.kpis))
    else:
        lines.append(f"_{L.STILL_OPEN(lang)}_")
    lines += ["", f"## {L.FLYWHEEL(lang)}", f"- **{L.RESPONSIBILITIES(lang)}:** {_or_open(s.responsibilities, lang)}",
              f"- **{L.COLLABORATION(lang)}:** {_or_open(s.collaboration, lang)}"]
    if s.informing:
        lines.append(f"- **{L.INFORMING(lang)}:** {s.informing}")
    lines += ["", f"## {L.JOURNEYS(lang)}"]
    for g in s.focus_groups:
        name = g.persona.name if g.persona else g.name
        lines += ["", f"### {L.JOURNEY_OF(lang).format(persona=name, group=g.name)}"]
        if g.persona:
            lines += [f"- **{f.label}:** {f.text}" for f in g.persona.fields] + [""]
        lines += _journey(g.journey, lang) if g.journey else [f"_{L.JOURNEY_OPEN(lang)}_"]
    lines += ["", f"## {L.TRANSLATE(lang)}", "", f"**{L.PRODUCTS(lang)}:**", *_list(t.products, lang)]
    channels = [(g.name, ", ".join(g.channels)) for g in s.focus_groups if g.channels]
    if channels:
        lines += ["", f"**{L.CHANNELS(lang)}:**", *[f"- {n}: {c}" for n, c in channels]]
    for label, text in ((L.CONTENT, t.content), (L.KEYWORDS, ", ".join(t.keywords)), (L.CONCEPT, t.concept),
                        (L.TESTING, t.testing), (L.DESIGN, t.design)):
        lines += ["", f"**{label(lang)}:** {_or_open(text, lang)}"]
    lines += ["", f"## {L.ACHIEVE(lang)}", f"- **{L.APPROACH(lang)}:** {_or_open(a.approach, lang)}",
              f"- **{L.WHO_DOES_WHAT(lang)}:** {_or_open(a.who, lang)}", "", f"### {L.ACTIONS(lang)}"]
    if a.actions:
        lines += _table((L.WHAT_HAPPENS(lang), L.OWNER(lang), L.DUE(lang), L.PRIORITY(lang)),
                        ((x.what, x.owner, x.due, x.priority) for x in a.actions))
    else:
        lines.append(f"_{L.STILL_OPEN(lang)}_")
    lines += ["", f"### {L.TIMELINE(lang)}", f"**{L.QUESTIONS['content_planning.planning'](lang)}:** "
              f"{_or_open(a.planning, lang)}", ""]
    lines += _table((L.WHEN(lang), L.WHAT_HAPPENS(lang)), ((m.when, m.what) for m in a.timeline)) \
        if a.timeline else [f"_{L.STILL_OPEN(lang)}_"]
    lines += ["", f"**{L.REVIEW(lang)}:** {_or_open(a.review, lang)}"]
    measured = [k for k in s.kpis if any(p.value is not None for p in k.history)]
    if measured:
        lines += ["", f"## {L.KPI_HISTORY(lang)}"]
        for k in measured:
            lines += ["", f"### {k.name} ({L.TARGET(lang).lower()} {k.target})"]
            lines += _table((L.MONTH(lang), L.MEASURED(lang)), ((p.label, p.text) for p in k.history))
    return lines


def render_markdown(strategy: Strategy, full: bool = True) -> str:
    """Page one, and with `full` the next pages (Discover's detail, journeys, means, timeline, KPI history)."""
    lines = page_one(strategy) + (next_pages(strategy) if full else [])
    return "\n".join(lines).strip() + "\n"
