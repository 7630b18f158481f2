"""The "Aandachtspunten" of the strategy: what is still open, and what the team kept against advice.

`attention_points` is the one entry the model uses. Open items are worked out here from what is
missing (a step not begun, a question without an answer, a draft, a KPI that is not SMART yet);
kept points are read from the `_kept` answer rows. Once the coach's consistency rules offer their
own lists (flows/consistency.py), this function is the place to switch to them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flows import strategy_labels as L
from flows.definition import Flow, Question
from flows.session import StoredAnswer
from flows.strategy_parts import NOT_THERE

if TYPE_CHECKING:
    from flows.strategy_kpis import Kpi

KEPT = "_kept"
GROUPS = "focus_groups.groups"
OPEN, KEPT_KIND = "open", "kept"


@dataclass(frozen=True)
class Attention:
    kind: str  # open | kept
    text: str
    question_id: str | None = None


def attention_points(flow: Flow, answers: Mapping[tuple[str, str], StoredAnswer], groups: Sequence[str],
                     kpis: Sequence[Kpi], language: str) -> tuple[Attention, ...]:
    return (*open_items(flow, answers, groups, kpis, language), *kept_points(flow, answers, groups, language))


def _label(flow: Flow, qid: str, language: str) -> str:
    known = L.QUESTIONS.get(qid)
    if known is not None:
        return known(language)
    question = flow.by_id.get(qid)
    return flow.element(question.element_id).title(language) if question else qid


def _present(answers: Mapping[tuple[str, str], StoredAnswer], qid: str, item: str) -> StoredAnswer | None:
    found = answers.get((qid, item))
    if found is None or found.status in NOT_THERE or found.value in (None, "", [], {}):
        return None
    return found


def _is_draft(found: StoredAnswer) -> bool:
    return found.status == "draft" or (isinstance(found.value, dict) and "draft" in found.value)


def _per_group(flow: Flow, question: Question) -> bool:
    source = question.repeat_for
    while source is not None:
        if source == GROUPS:
            return True
        source = flow.by_id[source].repeat_for if source in flow.by_id else None
    return False


def _question_items(flow: Flow, question: Question, answers: Mapping[tuple[str, str], StoredAnswer],
                    groups: Sequence[str], language: str) -> list[Attention]:
    label = _label(flow, question.id, language)
    if question.repeat_for is not None and not _per_group(flow, question):
        return []  # a note per competitor and the like: extra detail, never owed
    keys = [(g, L.OPEN_FOR_GROUP(language).format(what=label, group=g)) for g in groups] if question.repeat_for \
        else [("", L.OPEN_ITEM(language).format(what=label))]
    found_items = []
    for item, missing_text in keys:
        found = _present(answers, question.id, item)
        if found is None:
            found_items.append(Attention(OPEN, missing_text, question.id))
        elif _is_draft(found):
            found_items.append(Attention(OPEN, L.OPEN_DRAFT(language).format(
                what=missing_text), question.id))
    return found_items


def open_items(flow: Flow, answers: Mapping[tuple[str, str], StoredAnswer], groups: Sequence[str],
               kpis: Sequence[Kpi], language: str) -> list[Attention]:
    items: list[Attention] = []
    for step in flow.steps:
        questions = [q for e in step.elements for q in e.questions]
        if not any(_present(answers, q.id, item) for q in questions for (qid, item) in answers if qid == q.id):
            items.append(Attention(OPEN, L.OPEN_STEP(language).format(step=step.title(language))))
            continue
        for question in questions:
            if not question.optional:
                items += _question_items(flow, question, answers, groups, language)
    if any(q.id == "kpis.kpis" for q in flow.questions) and kpis:
        linked = {k.focus_group for k in kpis}
        items += [Attention(OPEN, L.OPEN_NO_KPI(language).format(group=g), "kpis.kpis") for g in groups
                  if g not in linked]
    for kpi in kpis:
        if kpi.focus_group is not None and kpi.focus_group not in groups:
            items.append(Attention(OPEN, L.OPEN_KPI_ORPHAN(language).format(name=kpi.name, group=kpi.focus_group),
                                   "kpis.kpis"))
        if kpi.missing:
            items.append(Attention(OPEN, L.OPEN_KPI(language).format(name=kpi.name, missing=", ".join(kpi.missing)),
                                   "kpis.kpis"))
    return items


def kept_points(flow: Flow, answers: Mapping[tuple[str, str], StoredAnswer], groups: Sequence[str],
                language: str) -> list[Attention]:
    """Each kept point still standing: not withdrawn, its group still chosen, its answer not changed since."""
    points = []
    for (qid, _key), row in sorted(answers.items()):
        if qid != KEPT or row.status in NOT_THERE or not isinstance(row.value, dict):
            continue
        value: dict[str, Any] = row.value
        question_id, item = str(value.get("question") or ""), str(value.get("item") or "")
        question = flow.by_id.get(question_id)
        if question is not None and _per_group(flow, question) and item not in groups:
            continue
        current = answers.get((question_id, item))
        kept_version = value.get("answer_version")
        if current is not None and isinstance(kept_version, int) and current.version > kept_version:
            continue
        what = _label(flow, question_id, language) + (f" ({item})" if item else "")
        quote = " ".join(str(value.get("quote") or "").split())
        points.append(Attention(KEPT_KIND, L.KEPT_LINE(language).format(what=what, quote=quote) if quote else what,
                                question_id))
    return points
