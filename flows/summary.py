"""The strategy on a page: focus groups + propositions + KPIs, then everything else, as Markdown."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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


def strategy_markdown(flow: Flow, values: Mapping[tuple[str, str], Any], language: str, team_name: str = "") -> str:
    title = _T["title"](language) + (f" — {team_name}" if team_name else "")
    lines = [f"# {title}", f"**{_T['formula'](language)}**", "", *strategy_core(values, language), "",
             f"## {_T['all'](language)}"]
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
        lines.append(f"- {label}\n{_indent(shown)}" if "\n" in shown or shown.startswith("•") else
                     f"- {label} **{shown}**")
    return lines


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" for line in text.splitlines())
