"""One consistent strategy: what a team kept against advice, what is still open, and what a focus group owns.

Pure functions over a team's current answers (a mapping of (question id, item key) to a stored
answer with `.value` and `.status`, or to a bare value). The chat (`status`, the recap, the summary)
and the strategy document use the same functions, so they never disagree about what is open.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flows.definition import Flow, Question
from flows.session import DONE, START, AnswerWrite

KEPT = "_kept"  # answer rows of kept points: item key "<rule>|<question>|<item>"
LATER = "_later"  # answer rows of what a team set aside when it picked its top few: item key = question id
FOCUS_GROUPS = "focus_groups.groups"
KPIS = "kpis.kpis"
WITHDRAWN = "withdrawn"
# What belongs to one focus group: the document and the chat show these only for groups in the current list.
PER_GROUP = ("focus_groups.persona", "propositions.proposition", "journey.journey", "platforms.channels")


@dataclass(frozen=True)
class KeptPoint:
    """An answer the team kept against the coach's advice ("aandachtspunt")."""

    rule: str
    question: str
    item: str
    quote: str
    answer_version: int | None = None
    author: str | None = None


@dataclass(frozen=True)
class OpenItem:
    """Something the strategy still lacks. `reason`: unanswered | draft | no_kpi | kpi_without_group."""

    question: str
    item: str = ""
    reason: str = "unanswered"


def _value(stored: Any) -> Any:
    return stored.value if hasattr(stored, "value") else stored


def _status(stored: Any) -> str:
    return getattr(stored, "status", "final")


def kept_key(rule: str, question: str, item: str) -> str:
    return f"{rule}|{question}|{item}"


def focus_groups(answers: Mapping[tuple[str, str], Any]) -> list[str]:
    """The team's current focus groups, in their order."""
    stored = answers.get((FOCUS_GROUPS, ""))
    value = _value(stored) if stored is not None and _status(stored) != WITHDRAWN else None
    return [str(g) for g in value] if isinstance(value, list) else []


def kept_points(answers: Mapping[tuple[str, str], Any]) -> list[KeptPoint]:
    """The team's active kept points, in answer order: not withdrawn, and about a focus group still chosen.

    Each comes from an answer row with question id `_kept`, item key `"<rule>|<question>|<item>"` and
    value `{"rule", "question", "item", "answer_version", "quote"}`; a later version with status
    `withdrawn` ends it (the answer was sharpened, or its focus group removed).
    """
    groups = focus_groups(answers)
    points = []
    for (question_id, _key), stored in answers.items():
        if question_id != KEPT or _status(stored) == WITHDRAWN or not isinstance(_value(stored), dict):
            continue
        value = _value(stored)
        if value.get("question") in PER_GROUP and value.get("item") not in groups:
            continue
        points.append(KeptPoint(rule=str(value.get("rule")), question=str(value.get("question")),
                                item=str(value.get("item") or ""), quote=str(value.get("quote") or ""),
                                answer_version=value.get("answer_version"), author=getattr(stored, "author", None)))
    return points


def later_items(answers: Mapping[tuple[str, str], Any]) -> dict[str, list[Any]]:
    """What the team set aside as "later" when it picked its top few, per question id."""
    return {key: list(_value(stored)) for (question_id, key), stored in answers.items()
            if question_id == LATER and _status(stored) != WITHDRAWN and isinstance(_value(stored), list)}


def items_of(question: Question, answers: Mapping[tuple[str, str], Any]) -> list[str]:
    """The items a repeated question is asked for (the focus groups, the competitors)."""
    if question.repeat_for == FOCUS_GROUPS:
        return focus_groups(answers)
    stored = answers.get((question.repeat_for or "", ""))
    value = _value(stored) if stored is not None else None
    return [str(v) for v in value] if isinstance(value, list) else []


def _answered(stored: Any) -> bool:
    return stored is not None and _status(stored) == "final"


def _asked(flow: Flow, state: str, item_index: int) -> list[tuple[Question, int | None]]:
    """The questions the team has passed (each with how many of its items, None for all)."""
    if state == DONE:
        return [(q, None) for q in flow.questions]
    if state == START or state not in flow.by_id:
        return []
    position = flow.index(state)
    return [(q, None) for q in flow.questions[:position]] + [(flow.questions[position], item_index)]


def open_items(flow: Flow, answers: Mapping[tuple[str, str], Any], state: str = DONE,
               item_index: int = 0) -> list[OpenItem]:
    """Everything still open up to the team's position (all of it when `state` is DONE), skipped ones included.

    Unanswered questions (per focus group for the repeated ones), drafts, focus groups without a KPI
    and KPIs whose focus group was removed. Optional questions are never open.
    """
    found: list[OpenItem] = []
    for question, upto in _asked(flow, state, item_index):
        if question.repeat_for:
            items = items_of(question, answers)
            for item in items if upto is None else items[:upto]:
                stored = answers.get((question.id, item))
                if stored is not None and _status(stored) == "draft":
                    found.append(OpenItem(question.id, item, "draft"))
                elif not question.optional and not _answered(stored):
                    found.append(OpenItem(question.id, item))
            continue
        if upto is not None:
            continue  # the question being asked now is not open yet
        stored = answers.get((question.id, ""))
        if stored is not None and _status(stored) == "draft":
            found.append(OpenItem(question.id, "", "draft"))
        elif not question.optional and not _answered(stored):
            found.append(OpenItem(question.id))
        elif question.id == KPIS:
            found += _kpi_gaps(answers)
    return found


def _kpi_gaps(answers: Mapping[tuple[str, str], Any]) -> list[OpenItem]:
    kpis = _value(answers.get((KPIS, ""))) or []
    groups = focus_groups(answers)
    linked = {str(k.get("focus_group")) for k in kpis if isinstance(k, dict)}
    gaps = [OpenItem(KPIS, group, "no_kpi") for group in groups if group not in linked]
    # A KPI whose focus group was removed keeps the link (its history says whom it was for) and is open.
    gaps += [OpenItem(KPIS, str(k.get("name")), "kpi_without_group") for k in kpis
             if isinstance(k, dict) and k.get("focus_group") not in (None, "", "overall")
             and str(k.get("focus_group")) not in groups]
    return gaps


def group_gaps(flow: Flow, answers: Mapping[tuple[str, str], Any], before: str = DONE) -> list[OpenItem]:
    """What a focus group still lacks (persona, proposition, KPI, ...) in the questions before `before`."""
    limit = len(flow.questions) if before not in flow.by_id else flow.index(before) + 1
    asked = {q.id for q in flow.questions[:limit]}
    return [o for o in open_items(flow, answers)
            if o.question in asked and (o.reason == "no_kpi" or flow.by_id[o.question].repeat_for == FOCUS_GROUPS)]


def removed_groups(old: Iterable[Any], new: Iterable[Any]) -> list[str]:
    kept = {str(g) for g in new}
    return [str(g) for g in old if str(g) not in kept]


def removal_writes(answers: Mapping[tuple[str, str], Any], old: Any, new: Any) -> list[AnswerWrite]:
    """What removing focus groups takes along into history: their persona, proposition, journey, channels and
    kept points, each as a new answer version with status `withdrawn` (the old versions stay in the history).

    KPIs keep their link to the removed group: `open_items` names each as a KPI without a focus group (the
    document says the same), and adding the group back restores it.
    """
    removed = removed_groups(old if isinstance(old, list) else [], new if isinstance(new, list) else [])
    if not removed:
        return []
    writes = []
    for (question_id, item), stored in answers.items():
        if _status(stored) == WITHDRAWN:
            continue
        value = _value(stored)
        kept_for_removed = question_id == KEPT and isinstance(value, dict) and value.get("item") in removed \
            and value.get("question") in PER_GROUP
        if (question_id in PER_GROUP and item in removed) or kept_for_removed:
            writes.append(AnswerWrite(question_id, item, value, None, WITHDRAWN))
    return writes
