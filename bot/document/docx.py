"""The strategy as a Word document (python-docx): the same page one and next pages as the PDF, editable.

Marketers change a word and send it on; so everything is Word's own (styles, tables, lists), and
the KPI charts are pictures beside a table of their values.
"""

from __future__ import annotations

import io

import docx
from docx.document import Document
from docx.enum.text import WD_BREAK
from docx.shared import Cm, Pt

from bot.document.charts import kpi_chart_png
from bot.document.docx_parts import (
    ACCENT,
    MUTED,
    blocks,
    bullets_in,
    grid,
    label,
    set_up,
    styled,
    text_in,
    write,
)
from flows import strategy_labels as L
from flows.strategy import Strategy
from flows.strategy_markdown import DOT, RING, kpi_summary

WIDTH_CM = 17.8
THIRDS = [(WIDTH_CM - 0.5) / 3] * 3
HALVES = [(WIDTH_CM - 0.25) / 2] * 2


def _page_one(d: Document, s: Strategy) -> None:
    lang, open_ = s.language, L.STILL_OPEN(s.language)
    styled(d, L.TITLE(lang), "Title")
    who = " · ".join(p for p in (s.team, L.AS_OF(lang).format(date=s.date), L.FORMULA(lang)) if p)
    write(d.add_paragraph(), who, size=9, color=MUTED)
    for cell, (title, text) in zip(blocks(d, THIRDS), ((L.WHY, s.why), (L.HOW, s.how), (L.WHAT, s.what)),
                                   strict=True):
        label(cell, title(lang))
        text_in(cell, text, open_)
    roots, emphasis = blocks(d, [9.3, WIDTH_CM - 9.55])
    label(roots, L.CORE_VALUES(lang))
    text_in(roots, ", ".join(s.core_values), open_)
    label(roots, L.PROBLEM(lang))
    text_in(roots, s.problem, open_)
    if s.goals:
        label(roots, L.GOALS(lang))
        bullets_in(roots, s.goals, open_, 8.5)
    label(emphasis, L.EMPHASIS(lang))
    for axis in s.emphasis:
        paragraph = emphasis.add_paragraph()
        write(paragraph, f"{axis.left}  ", size=8.5)
        for n in range(1, 6):
            write(paragraph, DOT if axis.position == n else RING, size=11 if axis.position == n else 9,
                  color=ACCENT if axis.position == n else MUTED)
        write(paragraph, f"  {axis.right}", size=8.5)
        write(emphasis.add_paragraph(), axis.words, size=8, color=MUTED, italic=True)
    _focus_groups(d, s)
    not_doing, budget, people = blocks(d, THIRDS, ["warn", "", ""])
    label(not_doing, L.NOT_DOING(lang), warn=True)
    bullets_in(not_doing, s.not_doing, open_, 8.5)
    b = s.budget
    label(budget, L.ROI(lang))
    text_in(budget, b.roi, open_, size=16, bold=True)
    if b.roi_basis:
        text_in(budget, b.roi_basis, "", size=8)
    label(budget, L.MONTHLY(lang))
    text_in(budget, (b.monthly or "") + (f" ({b.period})" if b.period and b.monthly else "") or None, open_)
    if b.needed:
        label(budget, L.NEEDED(lang))
        text_in(budget, b.needed, open_)
    for title, text in ((L.SPONSOR, s.sponsor), (L.PROJECT_MANAGER, s.project_manager)):
        label(people, title(lang))
        text_in(people, text, open_)
    if s.informing:
        label(people, L.INFORMING(lang))
        text_in(people, s.informing, open_, size=8.5)
    actions, attention = blocks(d, HALVES, ["", "warn"])
    label(actions, L.TOP_ACTIONS(lang))
    lines = [f"{n}. {a.what}" + (f" — {', '.join(p for p in (a.owner, a.due) if p)}" if a.owner or a.due else "")
             for n, a in enumerate(s.top_actions, 1)]
    for line in lines or [None]:
        text_in(actions, line, open_, size=8.5)
    _attention(attention, s)


def _focus_groups(d: Document, s: Strategy) -> None:
    lang = s.language
    rows = []
    for g in s.focus_groups:
        who = g.name + (f"\n{g.persona.name}" + (f": {g.persona.line}" if g.persona.line else "") if g.persona else "")
        rows.append((who, g.persona.buying_motives if g.persona else None, g.proposition,
                     "\n".join(f"• {kpi_summary(k)}" for k in g.kpis) or None))
    if s.overall_kpis:
        rows.append((L.WHOLE_STRATEGY(lang), "", "", "\n".join(f"• {kpi_summary(k)}" for k in s.overall_kpis)))
    if not rows:
        write(d.add_paragraph(), L.NOT_CHOSEN(lang), color=MUTED, italic=True)
        return
    table = grid(d, (L.COL_GROUP(lang), L.COL_MOTIVES(lang), L.COL_PROPOSITION(lang), L.COL_KPIS(lang)), rows,
                 [4.4, 3.4, 4.4, 5.6])
    for row in table.rows[1:]:
        first = row.cells[0].paragraphs[0]
        if first.runs:
            name, _, rest = first.runs[0].text.partition("\n")
            first.runs[0].text = name
            first.runs[0].bold = True
            if rest:
                write(first, "\n" + rest, size=8.5)
    d.add_paragraph().paragraph_format.space_after = Pt(0)


def _attention(cell: object, s: Strategy) -> None:
    lang = s.language
    label(cell, L.ATTENTION(lang), warn=True)  # type: ignore[arg-type]
    for kind, title in (("open", L.OPEN(lang)), ("kept", L.KEPT(lang)), ("later", L.LATER(lang))):
        texts = [a.text for a in s.attention if a.kind == kind]
        if texts:
            text_in(cell, title, "", size=8.5, bold=True)  # type: ignore[arg-type]
            bullets_in(cell, texts, "", 8.5)  # type: ignore[arg-type]
    if not s.attention:
        text_in(cell, L.NOTHING_OPEN(lang), "", size=8.5)  # type: ignore[arg-type]


def _heading(d: Document, text: str, level: int = 1) -> None:
    styled(d, text, f"Heading {level}")


def _text(d: Document, title: str, text: str | None, lang: str) -> None:
    _heading(d, title, 2)
    paragraph = d.add_paragraph()
    if text:
        write(paragraph, text)
    else:
        write(paragraph, L.STILL_OPEN(lang), color=MUTED, italic=True)


def _items(d: Document, title: str, items: tuple[str, ...], lang: str) -> None:
    _heading(d, title, 2)
    if not items:
        write(d.add_paragraph(), L.STILL_OPEN(lang), color=MUTED, italic=True)
    for item in items:
        styled(d, item, "List Bullet")


def _next_pages(d: Document, s: Strategy) -> None:
    lang, disc, t, a = s.language, s.discover, s.translate, s.achieve
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _heading(d, L.DISCOVER(lang))
    for title, items in ((L.AMBITIONS, disc.ambitions), (L.CHALLENGES, disc.challenges),
                         (L.AUDIENCES, disc.audiences), (L.SOURCES, disc.sources)):
        _items(d, title(lang), items, lang)
    if disc.visitors or disc.conversion:
        write(d.add_paragraph(), f"{L.VISITORS(lang)}: {disc.visitors or '—'} · "
                                 f"{L.CONVERSION(lang)}: {disc.conversion or '—'}")
    _items(d, L.COMPETITORS(lang), tuple(c.label + (f": {c.text}" if c.text else "") for c in disc.competitors),
           lang)
    _heading(d, L.SWOT(lang), 2)
    for pair in (((L.STRENGTHS, disc.strengths), (L.WEAKNESSES, disc.weaknesses)),
                 ((L.OPPORTUNITIES, disc.opportunities), (L.THREATS, disc.threats))):
        cells = blocks(d, HALVES, ["", "warn" if pair[1][0] is L.THREATS else ""])
        for cell, (title, items) in zip(cells, pair, strict=True):
            label(cell, title(lang))
            bullets_in(cell, items, "—")
    _heading(d, L.COL_KPIS(lang))
    if s.kpis:
        grid(d, (L.KPI(lang), L.FOCUS_GROUP(lang), L.FUNNEL(lang), L.BASELINE(lang), L.TARGET(lang),
                 L.DEADLINE(lang), L.OWNER(lang), L.SOURCE(lang)),
             [(k.name, k.focus_group or L.WHOLE_STRATEGY(lang), k.funnel, k.baseline, k.target, k.deadline, k.owner,
               k.source) for k in s.kpis], [2.8, 2.6, 1.8, 2.0, 2.4, 2.4, 1.8, 2.0], size=8)
    _heading(d, L.FLYWHEEL(lang))
    _text(d, L.RESPONSIBILITIES(lang), s.responsibilities, lang)
    _text(d, L.COLLABORATION(lang), s.collaboration, lang)
    _heading(d, L.JOURNEYS(lang))
    for g in s.focus_groups:
        _heading(d, L.JOURNEY_OF(lang).format(persona=g.persona.name if g.persona else g.name, group=g.name), 2)
        for field in g.persona.fields if g.persona else ():
            paragraph = d.add_paragraph()
            write(paragraph, f"{field.label}: ", bold=True)
            write(paragraph, field.text)
        if g.journey:
            first = 2.2
            rest = (WIDTH_CM - first) / len(g.journey.columns)
            grid(d, (L.PHASE(lang), *g.journey.columns), [(r.phase, *r.cells) for r in g.journey.rows],
                 [first] + [rest] * len(g.journey.columns))
        else:
            write(d.add_paragraph(), L.JOURNEY_OPEN(lang), color=MUTED, italic=True)
    _heading(d, L.TRANSLATE(lang))
    _items(d, L.PRODUCTS(lang), t.products, lang)
    channels = tuple(f"{g.name}: {', '.join(g.channels)}" for g in s.focus_groups if g.channels)
    if channels:
        _items(d, L.CHANNELS(lang), channels, lang)
    _text(d, L.CONTENT(lang), t.content, lang)
    _items(d, L.KEYWORDS(lang), t.keywords, lang)
    _text(d, L.CONCEPT(lang), t.concept, lang)
    _text(d, L.TESTING(lang), t.testing, lang)
    _text(d, L.DESIGN(lang), t.design, lang)
    _heading(d, L.ACHIEVE(lang))
    _text(d, L.APPROACH(lang), a.approach, lang)
    _text(d, L.WHO_DOES_WHAT(lang), a.who, lang)
    _heading(d, L.ACTIONS(lang), 2)
    if a.actions:
        grid(d, (L.WHAT_HAPPENS(lang), L.OWNER(lang), L.DUE(lang), L.PRIORITY(lang)),
             [(x.what, x.owner, x.due, x.priority) for x in a.actions], [8.4, 3.6, 3.4, 2.4])
    _text(d, L.QUESTIONS["content_planning.planning"](lang), a.planning, lang)
    _heading(d, L.TIMELINE(lang), 2)
    if a.timeline:
        grid(d, (L.WHEN(lang), L.WHAT_HAPPENS(lang)), [(m.when or "—", m.what) for m in a.timeline], [4.4, 13.4])
    _text(d, L.REVIEW(lang), a.review, lang)
    _history(d, s)


def _history(d: Document, s: Strategy) -> None:
    lang = s.language
    measured = [k for k in s.kpis if any(p.value is not None for p in k.history)]
    if not measured:
        return
    _heading(d, L.KPI_HISTORY(lang))
    for k in measured:
        _heading(d, k.name + (f" · {k.focus_group}" if k.focus_group else ""), 2)
        target = L.TARGET_LINE(lang).format(target=k.target) if k.target_value is not None else ""
        d.add_picture(io.BytesIO(kpi_chart_png(k, lang, target)), width=Cm(WIDTH_CM))
        d.paragraphs[-1].paragraph_format.space_after = Pt(2)
        caption = d.add_paragraph()
        write(caption, " · ".join(f"{p.short}: {p.text}" for p in k.history), size=7.5, color=MUTED)


def render_docx(strategy: Strategy) -> bytes:
    document = docx.Document()
    set_up(document, strategy.language)
    props = document.core_properties
    props.title = L.TITLE(strategy.language) + (f" — {strategy.team}" if strategy.team else "")
    props.author, props.language = strategy.team or "", strategy.language
    _page_one(document, strategy)
    _next_pages(document, strategy)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

