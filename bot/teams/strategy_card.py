"""Page one of the strategy as an Adaptive Card (1.5): what the summary shows in Teams.

The Golden Circle in three columns, the roots and the Emphasis axes, the focus groups in a `Table`,
what we will not do, budget and people, the top actions and the attention points, and a button
that fetches the document. Pure: a dict out, no Teams SDK; texts trimmed, and fewer table rows when
needed, so the card stays under the ~28 KB Teams accepts for a message (`card_size`).
"""

from __future__ import annotations

from typing import Any

from bot.teams.card_size import CARD_BUDGET, SHORTEST, fit_card, size_of
from flows import strategy_labels as L
from flows.strategy import Strategy
from flows.strategy_markdown import action_line, axis_track, kpi_summary

CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_VERSION = "1.5"  # Table is 1.5; Teams renders 1.5 on desktop, web and mobile
CELL_TEXT = 400
BLOCK_TEXT = 900
MAX_ROWS = 20  # focus groups on the card; the document has them all
FEWER_ROWS = (MAX_ROWS, 10, 5, 3)  # tried in turn when the card is too big for Teams with its texts cut
READABLE = 150  # characters a cut text keeps before the table shows fewer rows
MAX_ATTENTION = 8
TRIMMED = "…"


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + TRIMMED


def _text(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def _label(text: str, color: str = "Accent") -> dict[str, Any]:
    return _text(text.upper(), size="Small", weight="Bolder", color=color, spacing="Medium")


def _open(text: str | None, lang: str) -> str:
    return _cut(text, BLOCK_TEXT) if text else f"_{L.STILL_OPEN(lang)}_"


def _column(items: list[dict[str, Any]], style: str = "emphasis") -> dict[str, Any]:
    return {"type": "Column", "width": "stretch", "style": style, "items": items}


def _cell(text: str | None, bold: bool = False) -> dict[str, Any]:
    block = _text(_cut(text, CELL_TEXT) if text else "—", size="Small")
    if bold:
        block["weight"] = "Bolder"
    return {"type": "TableCell", "items": [block]}


def focus_group_table(s: Strategy, max_rows: int = MAX_ROWS) -> dict[str, Any] | None:
    lang = s.language
    head = {"type": "TableRow", "style": "accent", "cells": [_cell(h, bold=True) for h in (
        L.COL_GROUP(lang), L.COL_MOTIVES(lang), L.COL_PROPOSITION(lang), L.COL_KPIS(lang))]}
    rows = []
    for g in s.focus_groups[:max_rows]:
        who = g.name + (f" — {g.persona.name}" + (f": {g.persona.line}" if g.persona.line else "") if g.persona
                        else "")
        rows.append({"type": "TableRow", "cells": [
            _cell(who), _cell(g.persona.buying_motives if g.persona else None), _cell(g.proposition),
            _cell("\n".join(f"• {kpi_summary(k)}" for k in g.kpis) or None)]})
    if len(s.focus_groups) > max_rows:
        more = L.MORE_GROUPS(lang).format(n=len(s.focus_groups) - max_rows)
        rows.append({"type": "TableRow", "cells": [_cell(more), _cell(""), _cell(""), _cell("")]})
    if s.overall_kpis:
        rows.append({"type": "TableRow", "cells": [_cell(L.WHOLE_STRATEGY(lang), bold=True), _cell(""), _cell(""),
                                                   _cell("\n".join(f"• {kpi_summary(k)}" for k in s.overall_kpis))]})
    if not rows:
        return None
    return {"type": "Table", "firstRowAsHeader": True, "showGridLines": True, "gridStyle": "accent",
            "columns": [{"width": 3}, {"width": 2}, {"width": 3}, {"width": 3}], "rows": [head, *rows]}


def strategy_card(s: Strategy, max_rows: int = MAX_ROWS) -> dict[str, Any]:
    lang = s.language
    title = L.TITLE(lang) + (f" — {s.team}" if s.team else "")
    body: list[dict[str, Any]] = [
        _text(_cut(title, 200), size="Large", weight="Bolder", color="Accent"),
        _text(f"{L.AS_OF(lang).format(date=s.date)} · {L.FORMULA(lang)}", isSubtle=True, spacing="None",
              size="Small"),
        {"type": "ColumnSet", "columns": [_column([_label(label(lang)), _text(_open(text, lang))]) for label, text in (
            (L.WHY, s.why), (L.HOW, s.how), (L.WHAT, s.what))]},
        {"type": "ColumnSet", "columns": [
            _column([_label(L.CORE_VALUES(lang)), _text(_open(", ".join(s.core_values), lang)),
                     _label(L.PROBLEM(lang)), _text(_open(s.problem, lang))]),
            _column([_label(L.EMPHASIS(lang)), *[_text(f"{axis_track(a)}\n_{a.words}_", size="Small")
                                                  for a in s.emphasis]])]},
    ]
    if s.goals:
        body += [_label(L.GOALS(lang)), _text("\n".join(f"- {_cut(g, 200)}" for g in s.goals))]
    table = focus_group_table(s, max_rows)
    body += [_label(L.FOCUS_GROUPS(lang)), table] if table else [_label(L.FOCUS_GROUPS(lang)),
                                                                   _text(f"_{L.NOT_CHOSEN(lang)}_")]
    b = s.budget
    roi = [_text(b.roi or f"_{L.STILL_OPEN(lang)}_", size="ExtraLarge", weight="Bolder", color="Accent")]
    if b.roi_basis:
        roi.append(_text(b.roi_basis, size="Small", spacing="None"))
    monthly = (b.monthly or "") + (f" ({b.period})" if b.period and b.monthly else "")
    body.append({"type": "ColumnSet", "columns": [
        _column([_label(L.NOT_DOING(lang), "Attention"),
                 _text("\n".join(f"- {_cut(n, 200)}" for n in s.not_doing) or f"_{L.STILL_OPEN(lang)}_")], "warning"),
        _column([_label(L.ROI(lang)), *roi, _label(L.MONTHLY(lang)), _text(_open(monthly or None, lang))]),
        _column([_label(L.SPONSOR(lang)), _text(_open(s.sponsor, lang)), _label(L.PROJECT_MANAGER(lang)),
                 _text(_open(s.project_manager, lang))])]})
    actions = "\n".join(f"{n}. {_cut(action_line(a), 200)}" for n, a in enumerate(s.top_actions, 1))
    body += [_label(L.TOP_ACTIONS(lang)), _text(actions or f"_{L.STILL_OPEN(lang)}_"), *_attention(s)]
    return {"type": "AdaptiveCard", "$schema": CARD_SCHEMA, "version": CARD_VERSION, "body": body,
            "msteams": {"width": "Full"},
            "actions": [{"type": "Action.Submit", "title": L.DOCUMENT_BUTTON(lang), "data": {"command": "/document"}}]}


def _attention(s: Strategy) -> list[dict[str, Any]]:
    lang = s.language
    items: list[dict[str, Any]] = [_label(L.ATTENTION(lang), "Attention")]
    for kind, label in (("open", L.OPEN), ("kept", L.KEPT), ("later", L.LATER)):
        texts, title = [a.text for a in s.attention if a.kind == kind], label(lang)
        if texts:
            shown = [f"- {_cut(t, 300)}" for t in texts[:MAX_ATTENTION]]
            if len(texts) > MAX_ATTENTION:
                shown.append(f"- … (+{len(texts) - MAX_ATTENTION})")
            items += [_text(f"**{title}**", size="Small"), _text("\n".join(shown), size="Small", spacing="None")]
    if len(items) == 1:
        items.append(_text(L.NOTHING_OPEN(lang), size="Small"))
    return items


def strategy_card_of(model: dict[str, Any]) -> dict[str, Any]:
    """The card from the model as a reply's `meta["strategy"]` carries it (plain JSON), within Teams' message
    size: long texts cut first (`card_size.fit_card`); when even that is not enough, fewer focus groups in
    the table (the document has them all, and the table says how many more there are)."""
    from flows.strategy_codec import strategy_from_dict

    strategy = strategy_from_dict(model)
    for rows in FEWER_ROWS:
        # Readable cells with fewer rows rather than every row cut to a few words; the last try takes what fits.
        shortest = READABLE if rows != FEWER_ROWS[-1] else SHORTEST
        card = fit_card(strategy_card(strategy, rows), shortest=shortest)
        if size_of(card) <= CARD_BUDGET:
            break
    return card
