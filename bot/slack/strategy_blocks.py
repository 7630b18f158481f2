"""Page one of the strategy as Block Kit: what the summary command shows in Slack.

Sections for the Golden Circle, the roots, the Emphasis axes, what we will not do, budget and people,
the actions and the attention points; the focus groups in one `table` block (Slack allows one per
message), last; a button that fetches the document. Every text is kept inside Block Kit's limits.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import TableBlock

from bot.slack import limits as SL
from bot.slack.blocks import COMMAND_ACTION, mrkdwn
from flows import strategy_labels as L
from flows.strategy import Strategy
from flows.strategy_markdown import action_line, axis_track, kpi_summary

TABLE_ROWS = 100  # header included
TABLE_CELL = 1000  # a cell longer than this is cut visibly: the document has the whole text
# Shown (rows, characters a cell) in turn until the table fits a message of its own (`SL.MESSAGE_BLOCKS`).
TABLE_SHAPES = ((TABLE_ROWS, TABLE_CELL), (20, 400), (10, 250), (10, 120), (5, 80))
TABLE_BUDGET = SL.MESSAGE_BLOCKS - 500  # the table's header block goes with it
FIELD_TEXT = 2000


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": SL.trim(mrkdwn(text), SL.SECTION_TEXT)}}


def _fields(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    return {"type": "section", "fields": [{"type": "mrkdwn", "text": SL.trim(f"*{mrkdwn(k)}*\n{mrkdwn(v)}", FIELD_TEXT)}
                                          for k, v in pairs[:10]]}


def _open(text: str | None, lang: str) -> str:
    return text or f"_{L.STILL_OPEN(lang)}_"


def _cell(text: str | None, limit: int = TABLE_CELL) -> dict[str, str]:
    return {"type": "raw_text", "text": SL.trim(" ".join((text or "—").split()), limit)}


def focus_group_table(s: Strategy) -> dict[str, Any] | None:
    """The focus groups as one `table` block, as many rows and as much of each cell as fit one message."""
    table = None
    for rows, cell in TABLE_SHAPES:
        table = _table(s, rows, cell)
        if table is None or SL.blocks_size([table]) <= TABLE_BUDGET:
            break
    return table


def _table(s: Strategy, max_rows: int, cell: int) -> dict[str, Any] | None:
    lang = s.language
    head = [_cell(h) for h in (L.COL_GROUP(lang), L.COL_MOTIVES(lang), L.COL_PROPOSITION(lang), L.COL_KPIS(lang))]
    groups = []
    for g in s.focus_groups:
        who = g.name + (f" — {g.persona.name}" + (f": {g.persona.line}" if g.persona.line else "") if g.persona
                        else "")
        groups.append([_cell(who, cell), _cell(g.persona.buying_motives if g.persona else None, cell),
                       _cell(g.proposition, cell), _cell("; ".join(kpi_summary(k) for k in g.kpis) or None, cell)])
    overall = [[_cell(L.WHOLE_STRATEGY(lang)), _cell(""), _cell(""),
                _cell("; ".join(kpi_summary(k) for k in s.overall_kpis), cell)]] if s.overall_kpis else []
    if not groups and not overall:
        return None
    room = min(TABLE_ROWS, max_rows + 1) - 1 - len(overall)
    if len(groups) > room:  # cut visibly: one row says how many more the document has
        shown = room - 1
        groups = [*groups[:shown], [_cell(L.MORE_GROUPS(lang).format(n=len(groups) - shown)), _cell(""), _cell(""),
                                    _cell("")]]
    wrapped = [{"is_wrapped": True}] * 4
    return TableBlock(rows=[head, *groups, *overall], column_settings=wrapped).to_dict()


def summary_blocks(s: Strategy) -> list[dict[str, Any]]:
    """Page one as blocks (well under the 50 a message may hold), the focus-group table last."""
    lang = s.language
    title = L.TITLE(lang) + (f" — {s.team}" if s.team else "")
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": SL.trim(title, SL.HEADER_TEXT)}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": SL.trim(
            f"{L.AS_OF(lang).format(date=s.date)} · {L.FORMULA(lang)}", SL.CONTEXT_TEXT)}]},
        _fields([(L.WHY(lang), _open(s.why, lang)), (L.HOW(lang), _open(s.how, lang)),
                 (L.WHAT(lang), _open(s.what, lang))]),
        _fields([(L.CORE_VALUES(lang), _open(", ".join(s.core_values), lang)),
                 (L.PROBLEM(lang), _open(s.problem, lang))]),
        _section(f"*{L.EMPHASIS(lang)}*\n" + "\n".join(f"{axis_track(a)} — _{a.words}_" for a in s.emphasis)),
    ]
    if s.goals:
        blocks.append(_section(f"*{L.GOALS(lang)}*\n" + "\n".join(f"• {g}" for g in s.goals)))
    blocks.append(_section(f":no_entry_sign: *{L.NOT_DOING(lang)}*\n" + (
        "\n".join(f"• {n}" for n in s.not_doing) or f"_{L.STILL_OPEN(lang)}_")))
    b = s.budget
    roi = _open(b.roi, lang) + (f"\n{b.roi_basis}" if b.roi_basis else "")
    monthly = _open(b.monthly, lang) + (f" ({b.period})" if b.period and b.monthly else "")
    blocks.append(_fields([(L.ROI(lang), roi), (L.MONTHLY(lang), monthly), (L.SPONSOR(lang), _open(s.sponsor, lang)),
                           (L.PROJECT_MANAGER(lang), _open(s.project_manager, lang))]))
    actions = "\n".join(f"{n}. {action_line(a)}" for n, a in enumerate(s.top_actions, 1))
    blocks.append(_section(f"*{L.TOP_ACTIONS(lang)}*\n" + (actions or f"_{L.STILL_OPEN(lang)}_")))
    blocks.append(_section(_attention(s)))
    blocks.append({"type": "actions", "elements": [{
        "type": "button", "action_id": f"{COMMAND_ACTION}:document", "value": "/document",
        "text": {"type": "plain_text", "text": SL.trim(L.DOCUMENT_BUTTON(lang), SL.BUTTON_TEXT)}}]})
    table = focus_group_table(s)
    if table is not None:
        blocks.append({"type": "header", "text": {"type": "plain_text", "text": L.FOCUS_GROUPS(lang)}})
        blocks.append(table)
    return blocks


def _attention(s: Strategy) -> str:
    lang = s.language
    lines = [f":warning: *{L.ATTENTION(lang)}*"]
    for kind, title in (("open", L.OPEN), ("kept", L.KEPT), ("later", L.LATER)):
        texts = [a.text for a in s.attention if a.kind == kind]
        if texts:
            lines += [f"_{title(lang)}:_", *[f"• {t}" for t in texts]]
    if len(lines) == 1:
        lines.append(L.NOTHING_OPEN(lang))
    return "\n".join(lines)


def summary_blocks_of(model: dict[str, Any]) -> list[dict[str, Any]]:
    """Page one's blocks from the model as a reply's `meta["strategy"]` carries it (plain JSON)."""
    from flows.strategy_codec import strategy_from_dict

    return summary_blocks(strategy_from_dict(model))
