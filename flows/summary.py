"""The strategy on a page: focus groups + propositions + KPIs, then everything else, as Markdown."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flows.coaching import roi_line
from flows.consistency import PER_GROUP, WITHDRAWN, focus_groups, kept_points, later_items, open_items
from flows.definition import Flow, Text
from flows.formatting import format_answer, format_date, format_number

FOCUS_GROUPS, PERSONA, PROPOSITION, KPIS = ("focus_groups.groups", "focus_groups.persona",
                                            "propositions.proposition", "kpis.kpis")

_T = {
    "title": Text(nl="Strategie op een pagina", en="Strategy on a page"),
    "formula": Text(nl="Focusgroepen + Proposities + KPI's = Strategie", en="Focus groups + Propositions + KPIs "
                    "= Strategy"),
    "groups": Text(nl="Focusgroepen en proposities", en="Focus groups and propositions"),
    "persona": Text(nl="Persona", en="Persona"),
    "proposition": Text(nl="Propositie", en="Proposition"),
    "kpis": Text(nl="KPI's", en="KPIs"),
    "kpi_head": Text(nl="| KPI | Funnel | Nulmeting | Doel | Deadline | Eigenaar | Bron |",
                     en="| KPI | Funnel | Baseline | Target | Deadline | Owner | Source |"),
    "all": Text(nl="Alles wat jullie beantwoordden", en="Everything you answered"),
    "open": Text(nl="_nog open_", en="_still open_"),
    "kept": Text(nl="Aandachtspunten (bewust zo gehouden)", en="Points of attention (kept on purpose)"),
    "still_open": Text(nl="Nog open", en="Still open"),
    "later": Text(nl="Voor later", en="For later"),
    "none": Text(nl="_nog niet gekozen_", en="_not chosen yet_"),
}


def _cell(value: Any) -> str:
    return str(value).replace("|", "/").replace("\n", " ") if value not in (None, "") else "—"


def kpi_rows(kpis: list[dict[str, Any]], language: str) -> list[str]:
    rows = [_T["kpi_head"](language), "|---|---|---|---|---|---|---|"]
    for kpi in kpis:
        deadline = format_date(kpi["deadline"], language) if kpi.get("deadline") else None
        number = (lambda v: format_number(float(v), language) if v is not None else None)  # noqa: E731
        rows.append("| " + " | ".join(_cell(v) for v in (
            kpi.get("name"), kpi.get("funnel"), number(kpi.get("baseline")), number(kpi.get("target")), deadline,
            kpi.get("owner"), kpi.get("source"))) + " |")
    return rows


def strategy_core(values: Mapping[tuple[str, str], Any], language: str) -> list[str]:
    """Focus groups with persona and proposition, and the KPI table (reused by leadership summaries)."""
    lines = [f"## {_T['groups'](language)}"]
    groups = values.get((FOCUS_GROUPS, "")) or []
    if not isinstance(groups, list) or not groups:
        lines.append(_T["none"](language))
    for group in groups if isinstance(groups, list) else []:
        lines.append(f"### {group}")
        persona = values.get((PERSONA, str(group)))
        if isinstance(persona, dict) and persona.get("name"):
            details = "; ".join(str(persona[k]) for k in ("demographics", "behaviour", "drivers", "buying_motives")
                                if persona.get(k))
            lines.append(f"- **{_T['persona'](language)}:** {persona['name']} — {details}")
        proposition = values.get((PROPOSITION, str(group)))
        if isinstance(proposition, str):
            lines.append(f"- **{_T['proposition'](language)}:** {proposition}")
    lines += ["", f"## {_T['kpis'](language)}"]
    kpis = values.get((KPIS, ""))
    lines += kpi_rows(kpis, language) if isinstance(kpis, list) and kpis else [_T["none"](language)]
    return lines


def current_values(answers: Mapping[tuple[str, str], Any]) -> dict[tuple[str, str], Any]:
    """Plain values of the answers a reader should see: not withdrawn, and per focus group only current groups."""
    groups = focus_groups(answers)
    values = {}
    for (question_id, item), stored in answers.items():
        if getattr(stored, "status", "final") == WITHDRAWN or (question_id in PER_GROUP and item not in groups):
            continue
        values[(question_id, item)] = getattr(stored, "value", stored) if hasattr(stored, "status") else stored
    return values


def coaching_lines(flow: Flow, answers: Mapping[tuple[str, str], Any], language: str) -> list[str]:
    """The kept points (with the words kept), what is still open, and what was set aside for later."""
    from flows.recap import describe_open
    from flows.status import kept_labels

    lines: list[str] = []
    kept = kept_points(answers)
    if kept:
        lines += ["", f"## {_T['kept'](language)}"]
        lines += [f"- {kept_labels(flow, [point], language)}" + (f": “{point.quote}”" if point.quote else "")
                  for point in kept]
    still_open = open_items(flow, answers)
    if still_open:
        lines += ["", f"## {_T['still_open'](language)}", f"- {describe_open(flow, still_open, language)}"]
    later = later_items(answers)
    if later:
        lines += ["", f"## {_T['later'](language)}"]
        for question_id, items in later.items():
            names = [str(i.get("name")) if isinstance(i, dict) else str(i) for i in items]
            title = flow.element(flow.by_id[question_id].element_id).title(language) if question_id in flow.by_id \
                else question_id
            lines.append(f"- {title}: {', '.join(names)}")
    return lines


def strategy_markdown(flow: Flow, answers: Mapping[tuple[str, str], Any], language: str, team_name: str = "") -> str:
    """The strategy on a page. `answers` are stored answers (with `.value` and `.status`) or plain values."""
    values = current_values(answers)
    title = _T["title"](language) + (f" — {team_name}" if team_name else "")
    lines = [f"# {title}", f"**{_T['formula'](language)}**", "", *strategy_core(values, language),
             *coaching_lines(flow, answers, language), "", f"## {_T['all'](language)}"]
    for step in flow.steps:
        lines.append(f"### {step.title(language)}")
        for element in step.elements:
            lines.append(f"**{element.title(language)}**")
            for question in element.questions:
                lines += _answer_lines(flow, question, values, language)
        lines.append("")
    return "\n".join(lines).strip() + "\n"


def _answer_lines(flow: Flow, question: Any, values: Mapping[tuple[str, str], Any], language: str) -> list[str]:
    ask = question.ask(language).replace(" {item}", "").replace("{item}", "")
    keyed = sorted((item, value) for (qid, item), value in values.items() if qid == question.id)
    if not keyed:
        return [f"- {ask} {_T['open'](language)}"]
    lines = []
    for item, value in keyed:
        label = f"{flow.element(question.element_id).title(language)} — {item}:" if item else ask
        shown = format_answer(flow, question, value, language)
        if question.kind == "roi" and (roi := roi_line(value, language)):
            shown = f"{shown}\n• {roi}"
        lines.append(f"- {label}\n{_indent(shown)}" if "\n" in shown or shown.startswith("•") else
                     f"- {label} **{shown}**")
    return lines


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" for line in text.splitlines())
