"""One model of a team's strategy, built from its current answers; every renderer draws from it.

Built for one language: every text in it is ready to show (units, dates in words, option labels),
beside the raw figures a chart or another tool needs. Only the current focus groups' pieces are
in it (a removed group takes its persona, proposition, journey and channels with it), and what
is still open or was kept against the coach's advice is listed under `attention`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from flows import strategy_labels as L
from flows.definition import Flow
from flows.formatting import _MONTHS, format_date, format_money, format_number, format_percent, format_period
from flows.session import StoredAnswer
from flows.strategy_attention import Attention, attention_points
from flows.strategy_kpis import Kpi, build_kpis
from flows.strategy_parts import (
    Journey,
    Labelled,
    Persona,
    answer_value,
    as_list,
    as_text,
    journey_of,
    persona_of,
)

Answers = Mapping[tuple[str, str], StoredAnswer]
GROUPS = "focus_groups.groups"
AXES = ("marketing_goals.customers", "marketing_goals.channels", "marketing_goals.sales_marketing")
PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2}
TOP_ACTIONS = 3
_MONTH_WORDS = {m.lower() for names in _MONTHS.values() for m in names} | {
    m.lower()[:3] for names in _MONTHS.values() for m in names} | {"mrt", "okt", "eind", "begin", "medio", "end"}


@dataclass(frozen=True)
class Axis:
    left: str
    right: str
    position: int | None  # 1 (fully left) .. 5 (fully right); None while open
    words: str  # "vooral nieuwe klanten"


@dataclass(frozen=True)
class FocusGroup:
    name: str
    persona: Persona | None
    proposition: str | None
    kpis: tuple[Kpi, ...]
    journey: Journey | None
    channels: tuple[str, ...]


@dataclass(frozen=True)
class Budget:
    monthly: str | None
    period: str | None
    needed: str | None
    roi: str | None  # "966,67 %"
    roi_basis: str | None  # "€ 58.000 opbrengst op € 6.000 kosten; op omzet, niet op marge"
    roi_percent: float | None


@dataclass(frozen=True)
class Action:
    what: str
    owner: str | None
    due: str | None  # in words
    due_iso: str | None
    priority: str | None  # the flow's label


@dataclass(frozen=True)
class Milestone:
    when: str
    what: str


@dataclass(frozen=True)
class Discover:
    ambitions: tuple[str, ...]
    challenges: tuple[str, ...]
    audiences: tuple[str, ...]
    sources: tuple[str, ...]
    visitors: str | None
    conversion: str | None
    competitors: tuple[Labelled, ...]  # name, and the team's note on it ("" when none)
    strengths: tuple[str, ...]
    weaknesses: tuple[str, ...]
    opportunities: tuple[str, ...]
    threats: tuple[str, ...]


@dataclass(frozen=True)
class Translate:
    products: tuple[str, ...]
    content: str | None
    keywords: tuple[str, ...]
    concept: str | None
    testing: str | None
    design: str | None


@dataclass(frozen=True)
class Achieve:
    approach: str | None
    who: str | None
    actions: tuple[Action, ...]
    planning: str | None
    timeline: tuple[Milestone, ...]
    review: str | None


@dataclass(frozen=True)
class Strategy:
    language: str
    team: str
    date: str  # in words
    date_iso: str
    why: str | None
    how: str | None
    what: str | None
    core_values: tuple[str, ...]
    problem: str | None
    emphasis: tuple[Axis, ...]
    goals: tuple[str, ...]
    not_doing: tuple[str, ...]
    focus_groups: tuple[FocusGroup, ...]
    overall_kpis: tuple[Kpi, ...]  # for the whole strategy, or of a group that is no longer chosen
    budget: Budget
    top_actions: tuple[Action, ...]
    sponsor: str | None
    project_manager: str | None
    informing: str | None
    responsibilities: str | None
    collaboration: str | None
    attention: tuple[Attention, ...]
    discover: Discover
    translate: Translate
    achieve: Achieve

    @property
    def kpis(self) -> tuple[Kpi, ...]:
        return tuple(k for g in self.focus_groups for k in g.kpis) + self.overall_kpis

    @property
    def is_empty(self) -> bool:
        return not (self.why or self.focus_groups or self.kpis or self.problem or self.core_values)


def stored(values: Mapping[tuple[str, str], Any]) -> dict[tuple[str, str], StoredAnswer]:
    """Plain answer values (as a walk leaves them) as final stored answers."""
    return {key: value if isinstance(value, StoredAnswer) else StoredAnswer(value) for key, value in values.items()}


def build_strategy(flow: Flow, answers: Answers, language: str, today: date, team: str = "",
                   kpi_values: Mapping[str, Sequence[tuple[str, float | None]]] | None = None,
                   project_managers: Sequence[str] = ()) -> Strategy:
    """The strategy as it stands on `today`; `kpi_values` maps a KPI's name to its (period, value) history."""
    text = lambda qid, item="": as_text(answers, qid, item, language)  # noqa: E731
    items = lambda qid, item="": as_list(answers, qid, item, language)  # noqa: E731
    groups = items(GROUPS)
    kpis = build_kpis(flow, answer_value(answers, "kpis.kpis"), groups, language, kpi_values or {})
    focus = tuple(FocusGroup(
        name=group, persona=persona_of(answer_value(answers, "focus_groups.persona", group), language),
        proposition=text("propositions.proposition", group),
        kpis=tuple(k for k in kpis if k.focus_group == group),
        journey=journey_of(answer_value(answers, "journey.journey", group), language),
        channels=items("platforms.channels", group)) for group in groups)
    actions = _actions(flow, answer_value(answers, "time_knowledge.actions"), language)
    return Strategy(
        language=language, team=team, date=format_date(today.isoformat(), language), date_iso=today.isoformat(),
        why=text("golden_circle.why"), how=text("golden_circle.how"), what=text("golden_circle.what"),
        core_values=items("core_values.values"), problem=text("ambitions.problem"),
        emphasis=tuple(_axis(flow, qid, answer_value(answers, qid), language) for qid in AXES if qid in flow.by_id),
        goals=items("marketing_goals.goals"), not_doing=items("marketing_goals.not_doing"),
        focus_groups=focus, overall_kpis=tuple(k for k in kpis if k.focus_group not in groups),
        budget=_budget(answers, language), top_actions=_top(actions),
        sponsor=_choice(flow, "flywheel.sponsor", answer_value(answers, "flywheel.sponsor"), language),
        project_manager=text("flywheel.project_manager") or (", ".join(project_managers) or None),
        informing=text("flywheel.informing"), responsibilities=text("flywheel.responsibilities"),
        collaboration=text("flywheel.collaboration"),
        attention=attention_points(flow, answers, groups, kpis, language),
        discover=Discover(
            ambitions=items("ambitions.ambitions"), challenges=items("ambitions.challenges"),
            audiences=items("audiences.groups"), sources=items("data_analysis.sources"),
            visitors=_number(answer_value(answers, "data_analysis.visitors"), language),
            conversion=_percent(answer_value(answers, "data_analysis.conversion"), language),
            competitors=tuple(Labelled(name, text("data_analysis.competitor_notes", name) or "")
                              for name in items("data_analysis.competitors")),
            strengths=items("data_analysis.strengths"), weaknesses=items("data_analysis.weaknesses"),
            opportunities=items("data_analysis.opportunities"), threats=items("data_analysis.threats")),
        translate=Translate(
            products=items("platforms.products"), content=text("content.content"),
            keywords=items("content.keywords"), concept=text("concept.concept"),
            testing=text("concept.testing"), design=text("design.design")),
        achieve=Achieve(
            approach=_choice(flow, "time_knowledge.approach", answer_value(answers, "time_knowledge.approach"),
                             language),
            who=text("time_knowledge.who"), actions=actions, planning=text("content_planning.planning"),
            timeline=_timeline(answer_value(answers, "content_planning.start"), items("releases.releases"),
                               language),
            review=text("optimisation.review")),
    )


def _axis(flow: Flow, qid: str, value: Any, language: str) -> Axis:
    question = flow.by_id[qid]
    left, right = (side(language) for side in question.axis) if question.axis else ("", "")
    position = int(value) if isinstance(value, int | float) and 1 <= value <= 5 else None
    if position is None:
        return Axis(left, right, None, L.STILL_OPEN(language))
    words = {"nl": {1: "helemaal {l}", 2: "vooral {l}", 3: "in balans", 4: "vooral {r}", 5: "helemaal {r}"},
             "en": {1: "fully {l}", 2: "mostly {l}", 3: "balanced", 4: "mostly {r}", 5: "fully {r}"}}
    lower = (lambda w: w if w.isupper() else w[:1].lower() + w[1:])  # noqa: E731
    chosen = words["en" if language == "en" else "nl"][position]
    return Axis(left, right, position, chosen.format(l=lower(left), r=lower(right)))


def _choice(flow: Flow, qid: str, value: Any, language: str) -> str | None:
    question = flow.by_id.get(qid)
    if value in (None, "") or question is None:
        return None
    if isinstance(value, dict) and "draft" in value:
        return f"{value['draft']} ({L.DRAFT(language)})"
    return next((o.label(language) for o in question.options if o.value == value), str(value))


def _number(value: Any, language: str) -> str | None:
    return format_number(float(value), language) if isinstance(value, int | float) else None


def _percent(value: Any, language: str) -> str | None:
    return format_percent(float(value), language) if isinstance(value, int | float) else None


def _money(value: Any, language: str) -> str | None:
    return format_money(value, language) if isinstance(value, dict) and "amount" in value else None


def _budget(answers: Answers, language: str) -> Budget:
    period = answer_value(answers, "budget.period")
    roi = answer_value(answers, "budget.roi")
    roi = roi if isinstance(roi, dict) else {}
    percent = roi.get("roi") if isinstance(roi.get("roi"), int | float) else None
    basis = None
    if percent is not None:
        revenue, cost = _money(roi.get("revenue"), language), _money(roi.get("cost"), language)
        basis = "; ".join(p for p in (L.ROI_BASIS(language).format(revenue=revenue, cost=cost)
                                      if revenue and cost else None, L.ROI_ON_REVENUE(language)) if p)
    return Budget(
        monthly=_money(answer_value(answers, "budget.monthly"), language),
        period=format_period(period, language) if isinstance(period, dict) and ("label" in period or "start" in period)
        else None,
        needed=_money(answer_value(answers, "budget.needed"), language),
        roi=format_percent(percent, language) if percent is not None else None, roi_basis=basis,
        roi_percent=float(percent) if percent is not None else None)


def _actions(flow: Flow, value: Any, language: str) -> tuple[Action, ...]:
    form = flow.forms.get("action")
    priority_field = next((f for f in form.fields if f.name == "priority"), None) if form else None
    labels = {o.value: o.label(language) for o in priority_field.options} if priority_field else {}
    found = []
    for item in value if isinstance(value, list) else []:
        if not isinstance(item, dict) or not str(item.get("what") or "").strip():
            continue
        due = item.get("due") if isinstance(item.get("due"), str) else None
        found.append(Action(
            what=str(item["what"]).strip(), owner=str(item.get("owner") or "").strip() or None,
            due=_date_words(due, language), due_iso=due if _date_words(due, language) else None,
            priority=labels.get(item.get("priority"), item.get("priority")) if item.get("priority") else None))
    rank = {label: PRIORITY_ORDER[key] for key, label in labels.items() if key in PRIORITY_ORDER}
    return tuple(sorted(found, key=lambda a: (rank.get(a.priority or "", 3), a.due_iso or "9999")))


def _top(actions: tuple[Action, ...]) -> tuple[Action, ...]:
    return actions[:TOP_ACTIONS]


def _date_words(iso: Any, language: str) -> str | None:
    try:
        return format_date(str(iso), language) if iso else None
    except ValueError:
        return None


def _timeline(start: Any, releases: tuple[str, ...], language: str) -> tuple[Milestone, ...]:
    """Content planning's start, then the releases in the team's order ("Offertetool - mei" → when, what)."""
    milestones = []
    start_words = _date_words(start, language) if isinstance(start, str) else None
    if start_words:
        milestones.append(Milestone(start_words, L.PLANNING_STARTS(language)))
    for release in releases:
        what, when = _split_release(release)
        milestones.append(Milestone(when, what))
    return tuple(milestones)


def _split_release(text: str) -> tuple[str, str]:
    for separator in (" - ", " – ", " — ", ": "):
        if separator in text:
            what, when = text.rsplit(separator, 1)
            return what.strip(), when.strip()
    for word in (" in ", " per ", " op ", " by "):
        if word in text:
            what, when = text.rsplit(word, 1)
            first = when.split()[0].lower().strip(".,") if when.split() else ""
            if any(ch.isdigit() for ch in when) or first in _MONTH_WORDS:
                return what.strip(), when.strip()
    return text.strip(), ""
