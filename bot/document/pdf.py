"""The strategy as a PDF (reportlab's Platypus): page one "Strategie op één pagina", then the detail.

Page one always fits on one A4 page: long texts are cut there and printed in full at the end
(bot/document/fit.py), the attention points beyond the first few move to the end too, and what
still does not fit is laid out in a frame that shrinks its content.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepInFrame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Spacer,
    TableStyle,
)

from bot.document import pdf_parts as P
from bot.document.fit import shortened
from bot.document.pdf_parts import band, bullets, columns, emphasis_drawing, grid, kpi_chart, para, rich
from flows import strategy_labels as L
from flows.strategy import Strategy
from flows.strategy_markdown import kpi_summary

MARGIN = 34
WIDTH = A4[0] - 2 * MARGIN
HEIGHT = A4[1] - 2 * MARGIN - 14  # the footer's line
PAGE_ONE_POINTS, PAGE_ONE_OPEN, PAGE_ONE_LEAST = 14, 6, 3  # points of attention on page one: at most, open, least
GAP = 10


def _label(text: str, style: str = "label") -> Flowable:
    return rich(escape(text.upper()), style)


def _header(s: Strategy) -> list[Flowable]:
    lang = s.language
    who = " · ".join(p for p in (s.team, L.AS_OF(lang).format(date=s.date), L.FORMULA(lang)) if p)
    return [para(L.TITLE(lang), "title"), para(who, "subtitle"), Spacer(1, GAP)]


def _golden_circle(s: Strategy) -> Flowable:
    lang, third = s.language, (WIDTH - 12) / 3
    cells = [[_label(label(lang)), para(text, "body", L.STILL_OPEN(lang))]
             for label, text in ((L.WHY, s.why), (L.HOW, s.how), (L.WHAT, s.what))]
    return band(cells, [third] * 3)


def _roots_and_emphasis(s: Strategy) -> Flowable:
    lang, left, right = s.language, WIDTH * 0.52, WIDTH * 0.48 - 6
    roots = [_label(L.CORE_VALUES(lang)), para(", ".join(s.core_values), "body", L.STILL_OPEN(lang)), Spacer(1, 3),
             _label(L.PROBLEM(lang)), para(s.problem, "body", L.STILL_OPEN(lang))]
    if s.goals:
        roots += [Spacer(1, 3), _label(L.GOALS(lang)), *bullets(s.goals, "small")]
    words = "; ".join(f"{a.words}" for a in s.emphasis if a.position is not None)
    emphasis = [_label(L.EMPHASIS(lang)), Spacer(1, 3), emphasis_drawing(s.emphasis, right - 12), Spacer(1, 2),
                para(words[:1].upper() + words[1:] if words else None, "small", L.STILL_OPEN(lang))]
    return band([roots, emphasis], [left, right])


def _focus_groups(s: Strategy) -> list[Flowable]:
    lang = s.language
    widths = [WIDTH * f for f in (0.25, 0.19, 0.25, 0.31)]
    rows: list[list[Flowable | str]] = []
    for g in s.focus_groups:
        who = f"<b>{escape(g.name)}</b>"
        if g.persona:
            who += f"<br/>{escape(g.persona.name)}" + (f": {escape(g.persona.line)}" if g.persona.line else "")
        rows.append([rich(who, "cell"), para(g.persona.buying_motives if g.persona else None, "cell",
                                             L.STILL_OPEN(lang)),
                     para(g.proposition, "cell", L.STILL_OPEN(lang)),
                     [*bullets([kpi_summary(k) for k in g.kpis], "cell", L.STILL_OPEN(lang))]])
    if s.overall_kpis:
        rows.append([rich(f"<b>{escape(L.WHOLE_STRATEGY(lang))}</b>", "cell"), Spacer(1, 1), Spacer(1, 1),
                     [*bullets([kpi_summary(k) for k in s.overall_kpis], "cell")]])
    if not rows:
        return [_label(L.FOCUS_GROUPS(lang)), para(None, "body", L.NOT_CHOSEN(lang))]
    table = grid((L.COL_GROUP(lang), L.COL_MOTIVES(lang), L.COL_PROPOSITION(lang), L.COL_KPIS(lang)), rows, widths)
    if s.overall_kpis:
        last = len(rows)
        table.setStyle(TableStyle([("SPAN", (1, last), (2, last))]))
    return [Spacer(1, GAP), table, Spacer(1, GAP)]


def _choices_budget_people(s: Strategy) -> Flowable:
    lang, third = s.language, (WIDTH - 12) / 3
    not_doing = [_label(L.NOT_DOING(lang), "warn_label"), *bullets(s.not_doing, "small", L.STILL_OPEN(lang))]
    b = s.budget
    monthly = (b.monthly or "") + (f" ({b.period})" if b.period and b.monthly else "")
    budget = [_label(L.ROI(lang)), para(b.roi, "big", L.STILL_OPEN(lang))]
    if b.roi_basis:
        budget.append(para(b.roi_basis, "small"))
    budget += [Spacer(1, 3), _label(L.MONTHLY(lang)), para(monthly or None, "body", L.STILL_OPEN(lang))]
    if b.needed:
        budget += [_label(L.NEEDED(lang)), para(b.needed, "body")]
    people = [_label(L.SPONSOR(lang)), para(s.sponsor, "body", L.STILL_OPEN(lang)), Spacer(1, 3),
              _label(L.PROJECT_MANAGER(lang)), para(s.project_manager, "body", L.STILL_OPEN(lang))]
    if s.informing:
        people += [Spacer(1, 3), _label(L.INFORMING(lang)), para(s.informing, "small")]
    return band([not_doing, budget, people], [third] * 3, ["warn", "", ""])


def _page_one_attention(s: Strategy, room: tuple[int, int, int]) -> tuple[list[Flowable], bool]:
    """The attention box: up to `room` (open, kept, later) points; the rest is named and listed at the end."""
    lang = s.language
    content: list[Flowable] = [_label(L.ATTENTION(lang), "warn_label")]
    hidden = 0
    for (kind, title), shown in zip((("open", L.OPEN), ("kept", L.KEPT), ("later", L.LATER)), room, strict=True):
        texts = [a.text for a in s.attention if a.kind == kind]
        if texts:
            content += [para(title(lang), "small_bold"), *bullets(texts[:shown], "small")]
        hidden += max(0, len(texts) - shown)
    if hidden:
        content.append(para(L.MORE_ATTENTION(lang).format(n=hidden), "open"))
    if len(content) == 1:
        content.append(para(L.NOTHING_OPEN(lang), "small"))
    return content, bool(hidden)


def _actions_and_attention(s: Strategy, room: tuple[int, int, int]) -> tuple[Flowable, bool]:
    lang = s.language
    actions = [_label(L.TOP_ACTIONS(lang))]
    actions += [rich(f"<b>{n}.</b> {escape(a.what)}<br/><font color='#6b7780'>"
                     f"{escape(', '.join(p for p in (a.owner, a.due) if p))}</font>", "small")
                for n, a in enumerate(s.top_actions, 1)] or [para(None, "small", L.STILL_OPEN(lang))]
    attention, more = _page_one_attention(s, room)
    # Many points of attention beside few actions: the attention box gets the room the actions leave.
    share = 0.4 if len(attention) > 2 * len(actions) + 2 else 0.5
    return band([actions, attention], [WIDTH * share, WIDTH * (1 - share) - 6], ["", "warn"]), more


def _height(flowables: Sequence[Flowable]) -> float:
    return sum(f.wrap(WIDTH, HEIGHT)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)


def _rooms(s: Strategy) -> list[tuple[int, int, int]]:
    """How many (open, kept, later) points to try on page one, most first: open ones first (up to six),
    at least two kept ones when there are any."""
    counts = [sum(a.kind == kind for a in s.attention) for kind in ("open", "kept", "later")]
    rooms = []
    for total in range(min(PAGE_ONE_POINTS, sum(counts)), PAGE_ONE_LEAST - 1, -1):
        opened = min(counts[0], PAGE_ONE_OPEN, total - min(counts[1], 2))
        kept = min(counts[1], total - opened)
        rooms.append((opened, kept, min(counts[2], total - opened - kept)))
    return rooms or [(PAGE_ONE_LEAST, PAGE_ONE_LEAST, PAGE_ONE_LEAST)]


def page_one(s: Strategy) -> tuple[list[Flowable], bool]:
    """Page one's flowables, and whether some attention points only fit at the end.

    As many points of attention as fit without shrinking the page (a few at least); the page is shrunk
    to fit only when even those do not."""
    top = [*_header(s), _golden_circle(s), Spacer(1, GAP), _roots_and_emphasis(s), *_focus_groups(s),
           _choices_budget_people(s), Spacer(1, GAP)]
    free = HEIGHT - _height(top)
    for room in _rooms(s):
        bottom, more = _actions_and_attention(s, room)
        if _height([bottom]) <= free:
            break
    return [KeepInFrame(WIDTH, HEIGHT, [*top, bottom], mode="shrink"), PageBreak()], more


def _section(title: str, room: float = 90) -> list[Flowable]:
    """A chapter heading that never stands alone at a page's foot: it needs `room` points under it."""
    return [CondPageBreak(room), para(title, "h1")]


def _labelled(label: str, text: str | None, lang: str) -> list[Flowable]:
    return [para(label, "h2"), para(text, "body", L.STILL_OPEN(lang))]


def _listed(label: str, items: Sequence[str], lang: str) -> list[Flowable]:
    return [para(label, "h2"), *bullets(items, "body", L.STILL_OPEN(lang))]


def _discover(s: Strategy) -> list[Flowable]:
    lang, d, half = s.language, s.discover, (WIDTH - 6) / 2
    out = _section(L.DISCOVER(lang))
    out.append(columns([[*_listed(L.AMBITIONS(lang), d.ambitions, lang)],
                        [*_listed(L.CHALLENGES(lang), d.challenges, lang)]], [half, half]))
    out.append(Spacer(1, 6))
    data = [*bullets(d.sources, "body", L.STILL_OPEN(lang))]
    if d.visitors or d.conversion:
        data.append(rich(f"<b>{escape(L.VISITORS(lang))}:</b> {escape(d.visitors or '—')} · "
                         f"<b>{escape(L.CONVERSION(lang))}:</b> {escape(d.conversion or '—')}"))
    out.append(columns([[*_listed(L.AUDIENCES(lang), d.audiences, lang)],
                        [para(L.SOURCES(lang), "h2"), *data]], [half, half]))
    out.append(para(L.COMPETITORS(lang), "h2"))
    out += [rich(f"<b>{escape(c.label)}</b>" + (f": {escape(c.text)}" if c.text else ""), "body")
            for c in d.competitors] or [para(None, "body", L.STILL_OPEN(lang))]
    quadrant = lambda title, items: [_label(title), *bullets(items, "body", "—")]  # noqa: E731
    out += [para(L.SWOT(lang), "h2"),
            band([quadrant(L.STRENGTHS(lang), d.strengths), quadrant(L.WEAKNESSES(lang), d.weaknesses)],
                 [half, half]), Spacer(1, 6),
            band([quadrant(L.OPPORTUNITIES(lang), d.opportunities), quadrant(L.THREATS(lang), d.threats)],
                 [half, half], ["", "warn"])]
    return out


def _kpis_and_flywheel(s: Strategy) -> list[Flowable]:
    lang = s.language
    out = _section(L.COL_KPIS(lang))
    if s.kpis:
        widths = [WIDTH * f for f in (0.16, 0.17, 0.1, 0.11, 0.13, 0.12, 0.1, 0.11)]
        out.append(grid((L.KPI(lang), L.FOCUS_GROUP(lang), L.FUNNEL(lang), L.BASELINE(lang), L.TARGET(lang),
                         L.DEADLINE(lang), L.OWNER(lang), L.SOURCE(lang)),
                        [[k.name, k.focus_group or L.WHOLE_STRATEGY(lang), k.funnel, k.baseline, k.target,
                          k.deadline, k.owner, k.source] for k in s.kpis], widths, cell_style="cell_small"))
    else:
        out.append(para(None, "body", L.STILL_OPEN(lang)))
    out += _section(L.FLYWHEEL(lang))
    out += _labelled(L.RESPONSIBILITIES(lang), s.responsibilities, lang)
    out += _labelled(L.COLLABORATION(lang), s.collaboration, lang)
    return out


def _journeys(s: Strategy) -> list[Flowable]:
    lang = s.language
    out = _section(L.JOURNEYS(lang), 260)
    for g in s.focus_groups:
        name = g.persona.name if g.persona else g.name
        block: list[Flowable] = [para(L.JOURNEY_OF(lang).format(persona=name, group=g.name), "h2")]
        if g.persona:
            block += [rich(f"<b>{escape(f.label)}:</b> {escape(f.text)}", "small") for f in g.persona.fields]
            block.append(Spacer(1, 4))
        if g.journey:
            first = 0.12
            widths = [WIDTH * first] + [WIDTH * (1 - first) / len(g.journey.columns)] * len(g.journey.columns)
            block.append(grid((L.PHASE(lang), *g.journey.columns),
                              [[rich(f"<b>{escape(r.phase)}</b>", "cell"), *r.cells] for r in g.journey.rows],
                              widths))
        else:
            block.append(para(None, "body", L.JOURNEY_OPEN(lang)))
        out += [KeepTogether(block), Spacer(1, 6)]
    return out


def _translate(s: Strategy) -> list[Flowable]:
    lang, t = s.language, s.translate
    out = _section(L.TRANSLATE(lang)) + _listed(L.PRODUCTS(lang), t.products, lang)
    channels = [rich(f"<b>{escape(g.name)}:</b> {escape(', '.join(g.channels))}") for g in s.focus_groups
                if g.channels]
    if channels:
        out += [para(L.CHANNELS(lang), "h2"), *channels]
    out += _labelled(L.CONTENT(lang), t.content, lang) + _listed(L.KEYWORDS(lang), t.keywords, lang)
    out += _labelled(L.CONCEPT(lang), t.concept, lang) + _labelled(L.TESTING(lang), t.testing, lang)
    return out + _labelled(L.DESIGN(lang), t.design, lang)


def _achieve(s: Strategy) -> list[Flowable]:
    lang, a = s.language, s.achieve
    out = _section(L.ACHIEVE(lang)) + _labelled(L.APPROACH(lang), a.approach, lang)
    out += [*_labelled(L.WHO_DOES_WHAT(lang), a.who, lang), para(L.ACTIONS(lang), "h2")]
    out.append(grid((L.WHAT_HAPPENS(lang), L.OWNER(lang), L.DUE(lang), L.PRIORITY(lang)),
                    [[x.what, x.owner, x.due, x.priority] for x in a.actions],
                    [WIDTH * f for f in (0.5, 0.2, 0.18, 0.12)]) if a.actions else para(None, "body",
                                                                                         L.STILL_OPEN(lang)))
    out += _labelled(L.QUESTIONS["content_planning.planning"](lang), a.planning, lang)
    out.append(para(L.TIMELINE(lang), "h2"))
    out.append(grid((L.WHEN(lang), L.WHAT_HAPPENS(lang)), [[m.when or "—", m.what] for m in a.timeline],
                    [WIDTH * 0.25, WIDTH * 0.75]) if a.timeline else para(None, "body", L.STILL_OPEN(lang)))
    out += _labelled(L.REVIEW(lang), a.review, lang)
    return out


def _history(s: Strategy) -> list[Flowable]:
    lang = s.language
    measured = [k for k in s.kpis if any(p.value is not None for p in k.history)]
    if not measured:
        return []
    out = _section(L.KPI_HISTORY(lang), 160)
    for k in measured:
        target = L.TARGET_LINE(lang).format(target=k.target) if k.target_value is not None else ""
        out.append(KeepTogether([para(k.name + (f" · {k.focus_group}" if k.focus_group else ""), "h2"),
                                 kpi_chart(k, WIDTH, 112, target, lang)]))
    return out


def _all_attention(s: Strategy) -> list[Flowable]:
    lang = s.language
    out = _section(L.ATTENTION(lang))
    for kind, title in (("open", L.OPEN(lang)), ("kept", L.KEPT(lang)), ("later", L.LATER(lang))):
        texts = [a.text for a in s.attention if a.kind == kind]
        if texts:
            out += [para(title, "h2"), *bullets(texts)]
    return out


def _footer(s: Strategy):  # type: ignore[no-untyped-def]
    def draw(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(P.FONT, 7)
        canvas.setFillColor(P.MUTED)
        text = L.FOOTER(s.language).format(team=s.team or "", date=s.date, page=doc.page).lstrip(" ·")
        canvas.drawRightString(A4[0] - MARGIN, MARGIN - 14, text)
        canvas.restoreState()
    return draw


def _in_full(lang: str, cuts: list[tuple[str, str]]) -> list[Flowable]:
    out = _section(L.IN_FULL(lang))
    for label, text in cuts:
        out += [para(label, "h2"), para(text)]
    return out


def story(s: Strategy) -> list[Flowable]:
    short, cuts = shortened(s)
    first, more = page_one(short)
    rest = _discover(s) + _kpis_and_flywheel(s) + _journeys(s) + _translate(s) + _achieve(s) + _history(s)
    return first + rest + (_all_attention(s) if more else []) + (_in_full(s.language, cuts) if cuts else [])


def render_pdf(strategy: Strategy) -> bytes:
    buffer = io.BytesIO()
    title = L.TITLE(strategy.language) + (f" — {strategy.team}" if strategy.team else "")
    doc = BaseDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                          bottomMargin=MARGIN + 14, title=title, author=strategy.team or "", lang=strategy.language,
                          creator="strategy coach")
    frame = Frame(MARGIN, MARGIN + 14, WIDTH, A4[1] - 2 * MARGIN - 14, id="page", leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_footer(strategy))])
    doc.build(story(strategy))
    return buffer.getvalue()
