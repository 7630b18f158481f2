"""The recap at the end of each step: what the team decided in a few lines, then "Klopt dit?".

The next step starts only after the team confirms (Klopt, or `verder`); Wijzig opens the step's
parts for editing. Slack and Teams show the two choices as buttons.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flows import messages as M
from flows.coaching import roi_line, touchpoints_of
from flows.consistency import focus_groups, group_gaps, kept_points, open_items
from flows.definition import Flow, Question
from flows.formatting import format_answer, format_date, format_kpi_value
from flows.strategy_kpis import OVERALL
from flows.types import Choice, Reply, ReplyKind

MAX_LINE = 160
CONFIRM, CHANGE = "confirm", "change"


def _short(text: str, limit: int = MAX_LINE) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _kpi(kpi: Mapping[str, Any], language: str) -> str:
    text = str(kpi.get("name"))
    if kpi.get("target") is not None:  # with its unit: "3,5 %", "€ 1.000,50"
        text += f" → {format_kpi_value(float(kpi['target']), kpi.get('unit'), language)}"
    if kpi.get("deadline"):
        text += ", " + M.RECAP_KPI_BY(language).format(date=format_date(str(kpi["deadline"]), language))
    group = kpi.get("focus_group")
    if group:  # the stored code `overall` is not a group's name
        text += f" ({M.RECAP_KPI_OVERALL(language) if group == OVERALL else group})"
    return text


def compact(flow: Flow, question: Question, value: Any, language: str) -> str:
    """One short line for an answer: a persona by its name and motives, KPIs by name and target, ...

    Each answer (each KPI, each action) is cut on its own, so a long one cannot hide the ones after it."""
    if question.kind == "persona" and isinstance(value, dict):
        return _short(f"{value.get('name')} — {value.get('buying_motives') or ''}".rstrip(" —"))
    if question.kind == "kpi" and isinstance(value, list):
        return "; ".join(_short(_kpi(k, language)) for k in value if isinstance(k, dict))
    if question.kind == "roi" and isinstance(value, dict):
        return _short(roi_line(value, language) or format_answer(flow, question, value, language))
    if question.form == "journey" and isinstance(value, dict):
        return _short(", ".join(touchpoints_of([value])))
    if question.form == "action" and isinstance(value, list):
        return "; ".join(_short(f"{a.get('what')} ({a.get('owner')})") for a in value if isinstance(a, dict))
    return _short(format_answer(flow, question, value, language))


def _element_line(flow: Flow, element_id: str, values: Mapping[tuple[str, str], Any], language: str,
                  groups: list[str]) -> str | None:
    element = flow.element(element_id)
    parts = []
    for question in element.questions:
        if question.repeat_for:
            items = groups if question.repeat_for == "focus_groups.groups" else \
                [str(i) for i in values.get((question.repeat_for, "")) or []]
            shown = [f"{item}: {compact(flow, question, values[(question.id, item)], language)}"
                     for item in items if values.get((question.id, item)) is not None]
            parts += shown
        elif values.get((question.id, "")) is not None:
            parts.append(compact(flow, question, values[(question.id, "")], language))
    if not parts:
        return None
    return f"- **{element.title(language)}:** {' · '.join(parts)}"


def recap_text(flow: Flow, step_id: str, answers: Mapping[tuple[str, str], Any], language: str) -> str:
    values = {key: getattr(stored, "value", stored) for key, stored in answers.items()
              if getattr(stored, "status", "final") != "withdrawn"}
    groups = focus_groups(answers)
    step = flow.step(step_id)
    lines = [line for e in step.elements if (line := _element_line(flow, e.id, values, language, groups))]
    if not lines:
        lines.append(M.RECAP_NOTHING(language))
    in_step = {q.id for e in step.elements for q in e.questions}
    kept = [p for p in kept_points(answers) if p.question in in_step]
    if kept:
        rulebook = flow.rules
        labels = [(rulebook.by_id(p.rule).kept(language) if rulebook and rulebook.by_id(p.rule) else p.rule)
                  + (f" ({p.item})" if p.item else "") for p in kept]
        lines.append(M.RECAP_KEPT(language).format(items="; ".join(labels)))
    last = step.elements[-1].questions[-1].id
    gaps = [g for g in group_gaps(flow, answers, before=last) if g.question in in_step]
    if gaps:
        lines.append(M.RECAP_GAPS(language).format(items=describe_open(flow, gaps, language)))
    unanswered = [o for o in open_items(flow, answers) if o.question in in_step and o not in gaps]
    if unanswered:
        lines.append(M.RECAP_OPEN(language).format(items=describe_open(flow, unanswered, language)))
    return "\n".join(lines)


def recap_reply(flow: Flow, step_id: str, answers: Mapping[tuple[str, str], Any], language: str) -> Reply:
    text = recap_text(flow, step_id, answers, language) + "\n\n" + M.RECAP_ASK(language)
    title = M.RECAP_TITLE(language).format(step=flow.step(step_id).title(language))
    return Reply(ReplyKind.QUESTION, text, title=title,
                 choices=(Choice(CONFIRM, M.RECAP_CONFIRM(language)), Choice(CHANGE, M.RECAP_CHANGE(language))),
                 question_id=f"recap.{step_id}", step_id=step_id, meta={"kind": "recap", "step": step_id})


def piece_title(flow: Flow, question: Question, language: str) -> str:
    """A persona or journey per focus group is named as such, not by its element ("Focusgroepen")."""
    return (flow.forms[question.form or question.kind].title if question.is_form and question.repeat_for
            else flow.element(question.element_id).title)(language)


def describe_open(flow: Flow, items: list[Any], language: str) -> str:
    """`Persona (Starters), Propositie (Starters), Starters: geen KPI`: open items in a marketer's words."""
    words: list[str] = []
    for open_item in items:
        question = flow.by_id[open_item.question]
        title = piece_title(flow, question, language)
        if open_item.reason == "draft" and not open_item.item:
            text = title
        elif open_item.reason in M.OPEN_REASONS:
            text = M.OPEN_REASONS[open_item.reason](language).format(item=open_item.item, title=title)
        else:
            text = f"{title} ({open_item.item})" if open_item.item else title
        if text not in words:
            words.append(text)
    return ", ".join(words)
