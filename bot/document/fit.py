"""Page one stays readable with long answers: texts over a page-one length are cut there (visibly, "…")
and printed in full at the end of the document, instead of shrinking the whole page to tiny print; a
focus group with many KPIs shows its first three and how many more the KPI table holds."""

from __future__ import annotations

from dataclasses import replace

from flows import strategy_labels as L
from flows.strategy import Strategy
from flows.strategy_kpis import Kpi

LONG, MEDIUM, SHORT = 320, 220, 130  # characters on page one
KPIS_PER_GROUP = 3  # on page one; the KPI table on the next pages has them all
ELLIPSIS = "…"


def shortened(s: Strategy) -> tuple[Strategy, list[tuple[str, str]]]:
    """The strategy with page one's texts cut to length, and each cut text's label and full text."""
    lang, cuts = s.language, []

    def cut(label: str, text: str | None, limit: int) -> str | None:
        if text is None or len(text) <= limit:
            return text
        cuts.append((label, text))
        head = text[: limit - 1]
        return (head.rsplit(" ", 1)[0] if " " in head[limit // 2:] else head).rstrip(" ,;:") + ELLIPSIS

    groups = []
    for g in s.focus_groups:
        persona = g.persona and replace(
            g.persona, line=cut(f"{L.PERSONA(lang)} · {g.persona.name}", g.persona.line, SHORT) or "",
            buying_motives=cut(f"{L.COL_MOTIVES(lang)} · {g.name}", g.persona.buying_motives, MEDIUM))
        groups.append(replace(g, persona=persona, kpis=_first_kpis(g.kpis, lang),
                              proposition=cut(f"{L.COL_PROPOSITION(lang)} · {g.name}", g.proposition, MEDIUM)))
    short = replace(
        s, why=cut(L.WHY(lang), s.why, LONG), how=cut(L.HOW(lang), s.how, LONG), what=cut(L.WHAT(lang), s.what, LONG),
        problem=cut(L.PROBLEM(lang), s.problem, LONG), focus_groups=tuple(groups),
        goals=tuple(cut(L.GOALS(lang), g, SHORT) or "" for g in s.goals),
        not_doing=tuple(cut(L.NOT_DOING(lang), n, SHORT) or "" for n in s.not_doing),
        informing=cut(L.INFORMING(lang), s.informing, SHORT))
    return short, cuts


def _first_kpis(kpis: tuple[Kpi, ...], lang: str) -> tuple[Kpi, ...]:
    """A focus group's first KPIs, and one line naming how many more the KPI table holds."""
    if len(kpis) <= KPIS_PER_GROUP + 1:
        return kpis
    more = L.MORE_KPIS(lang).format(n=len(kpis) - KPIS_PER_GROUP)
    return (*kpis[:KPIS_PER_GROUP], replace(kpis[KPIS_PER_GROUP], line=more, owner=None))
