"""The "Aandachtspunten" of the strategy: what is still open, and what the team kept against advice.

The lists come from the coach's own consistency rules (flows/consistency.py: `open_items`,
`kept_points`, `later_items`), so `status`, the recap, the summary and the document never disagree
about what is open. This module only words them the way the document names things (short labels,
never question texts or internal ids), and folds a step that was not begun into one line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flows import consistency as C
from flows import strategy_labels as L
from flows.definition import Flow, Question
from flows.session import StoredAnswer
from flows.strategy_parts import NOT_THERE

if TYPE_CHECKING:
    from flows.strategy_kpis import Kpi

KEPT = C.KEPT
OPEN, KEPT_KIND, LATER_KIND = "open", "kept", "later"
SMART_RULE = "kpi_smart"


@dataclass(frozen=True)
class Attention:
    kind: str  # open | kept | later
    text: str
    question_id: str | None = None


def attention_points(flow: Flow, answers: Mapping[tuple[str, str], StoredAnswer], groups: Sequence[str],
                     kpis: Sequence[Kpi], language: str) -> tuple[Attention, ...]:
    kept = C.kept_points(answers)
    return (*open_points(flow, answers, kpis, kept, language), *kept_lines(flow, kept, language),
            *later_lines(flow, answers, language))


def label(flow: Flow, qid: str, language: str) -> str:
    """The document's short name of a question ("Propositie"), never its text."""
    known = L.QUESTIONS.get(qid)
    if known is not None:
        return known(language)
    question = flow.by_id.get(qid)
    return flow.element(question.element_id).title(language) if question else qid


def _per_group(question: Question | None) -> bool:
    return question is not None and question.repeat_for == C.FOCUS_GROUPS


def open_text(flow: Flow, item: C.OpenItem, kpis: Sequence[Kpi], language: str) -> str:
    """One open item in the document's words: `Experience journey voor Thuisbarista's`, `Nog geen KPI voor X`."""
    if item.reason == "no_kpi":
        return L.OPEN_NO_KPI(language).format(group=item.item)
    if item.reason == "kpi_without_group":
        group = next((k.focus_group for k in kpis if k.name == item.item and k.focus_group), "—")
        return L.OPEN_KPI_ORPHAN(language).format(name=item.item, group=group)
    what = label(flow, item.question, language)
    if item.item:
        what = (L.OPEN_FOR_GROUP(language).format(what=what, group=item.item)
                if _per_group(flow.by_id.get(item.question)) else f"{what} ({item.item})")
    return L.OPEN_DRAFT(language).format(what=what) if item.reason == "draft" else L.OPEN_ITEM(language).format(
        what=what)


def _begun(flow: Flow, answers: Mapping[tuple[str, str], StoredAnswer], step_questions: set[str]) -> bool:
    return any(qid in step_questions and stored.status not in NOT_THERE and stored.value not in (None, "", [], {})
               for (qid, _item), stored in answers.items())


def open_points(flow: Flow, answers: Mapping[tuple[str, str], StoredAnswer], kpis: Sequence[Kpi],
                kept: Sequence[C.KeptPoint], language: str) -> list[Attention]:
    """The coach's open items, a step not begun as one line; and a KPI that misses a SMART part without
    having been kept as "niet SMART" (answers from before the coach checked it)."""
    found = C.open_items(flow, answers)
    points: list[Attention] = []
    for step in flow.steps:
        questions = {q.id for e in step.elements for q in e.questions}
        in_step = [o for o in found if o.question in questions]
        if in_step and not _begun(flow, answers, questions):
            points.append(Attention(OPEN, L.OPEN_STEP(language).format(step=step.title(language))))
            continue
        points += [Attention(OPEN, open_text(flow, o, kpis, language), o.question) for o in in_step]
    kept_smart = {p.item for p in kept if p.rule == SMART_RULE}
    points += [Attention(OPEN, L.OPEN_KPI(language).format(name=k.name, missing=", ".join(k.missing)), C.KPIS)
               for k in kpis if k.missing and k.name not in kept_smart]
    return points


def kept_lines(flow: Flow, kept: Sequence[C.KeptPoint], language: str) -> list[Attention]:
    """One line per answer kept against advice, with the words kept and every reason the coach gave for
    them: `Kernwaarden: “Kwaliteit” — Maar één kernwaarde; Algemene kernwaarden`."""
    grouped: dict[tuple[str, str, str], list[C.KeptPoint]] = {}
    for point in kept:
        grouped.setdefault((point.question, point.item, point.quote), []).append(point)
    lines = []
    for (qid, item, _quote), points in grouped.items():
        what = (L.KPI_NAMED(language).format(name=item) if qid == C.KPIS and item
                else label(flow, qid, language) + (f" ({item})" if item else ""))
        quote = " ".join(points[0].quote.split())
        reasons = "; ".join(dict.fromkeys(_reason(flow, p, language) for p in points))
        shown = what + (f": “{quote}”" if quote and quote != item else "")
        lines.append(Attention(KEPT_KIND, L.KEPT_LINE(language).format(what=shown, reasons=reasons), qid))
    return lines


def _reason(flow: Flow, point: C.KeptPoint, language: str) -> str:
    rule = flow.rules.by_id(point.rule) if flow.rules else None
    return rule.kept(language) if rule else point.rule


def later_lines(flow: Flow, answers: Mapping[tuple[str, str], StoredAnswer], language: str) -> list[Attention]:
    """What the team set aside when it picked its top few: `Overall marketingdoelen: meer reviews, meer winst`."""
    lines = []
    for qid, items in C.later_items(answers).items():
        names = [str(i.get("name")) if isinstance(i, dict) else str(i) for i in items]
        if names:
            lines.append(Attention(LATER_KIND, f"{label(flow, qid, language)}: {', '.join(names)}", qid))
    return lines
