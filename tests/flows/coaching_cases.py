"""A Flemish bike shop's strategy so far, and for every coaching rule a weak and a strong answer in both languages.

The strong answers are realistic Dutch and English sentences a good team would give; several use the
very words a rule looks for (a why about helping people *groeien*, "niets" in a concrete not-doing),
to show the rules are not too eager.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flows.definition import default_flow
from flows.engine import Engine
from flows.session import StoredAnswer, TeamView, Turn, TurnContext

TODAY = date(2026, 11, 23)
FLOW = default_flow()
ENGINE = Engine(FLOW)

PERSONA = {"name": "Forens Frank", "demographics": "42, werkt in Gent", "behaviour": "Leest Google-reviews, zit op "
           "Instagram", "drivers": "Elke dag op tijd op het werk", "buying_motives": "Zekerheid dat de fiets rijdt"}
BASE: dict[tuple[str, str], Any] = {
    ("golden_circle.why", ""): "Omdat fietsen de stad gezonder maakt.",
    ("audiences.groups", ""): ["Forenzen", "Gezinnen met kinderen", "Wielrenners", "Studenten"],
    ("data_analysis.competitors", ""): ["Decathlon", "Fietsen Peeters"],
    ("data_analysis.strengths", ""): ["Herstelling binnen 24 uur", "persoonlijk advies"],
    ("marketing_goals.goals", ""): ["Meer onderhoudsabonnementen", "Meer verkoop van e-bikes"],
    ("focus_groups.groups", ""): ["Forenzen", "Gezinnen met kinderen"],
    ("focus_groups.persona", "Forenzen"): PERSONA,
    ("focus_groups.persona", "Gezinnen met kinderen"): {**PERSONA, "name": "Gezin Goedele"},
    ("budget.monthly", ""): {"amount": 1500.0, "currency": "EUR"},
}


def kpi(**fields: Any) -> dict[str, str]:
    """A KPI form as Slack or Teams submits it; a strong KPI unless fields say otherwise."""
    return {"name": "Onderhoudsabonnementen", "focus_group": "Forenzen", "goal": "Meer onderhoudsabonnementen",
            "funnel": "do", "unit": "count", "baseline": "40", "target": "55", "period": "total",
            "deadline": "2027-06-30", "owner": "Sanne", "source": "Kassasysteem", **fields}


def stored_kpi(name: str, group: str) -> dict[str, Any]:
    return {"name": name, "focus_group": group, "goal": "Meer onderhoudsabonnementen", "funnel": "do",
            "unit": "count", "baseline": 40.0, "target": 55.0, "period": "total", "deadline": "2027-06-30",
            "owner": "Sanne", "source": "Kassasysteem", "smart_missing": []}


def journey(**fields: str) -> dict[str, str]:
    phases = {"before": ("Welke fiets past bij mij?", "Google en Instagram"),
              "during": ("Wanneer is hij klaar?", "De winkel"), "after": ("Wie helpt bij pech?", "WhatsApp")}
    values = {}
    for phase, (question, touchpoints) in phases.items():
        values.update({f"{phase}_questions": question, f"{phase}_touchpoints": touchpoints,
                       f"{phase}_content": "", f"{phase}_keywords": ""})
    return {**values, **fields}


@dataclass(frozen=True)
class Case:
    rule: str
    state: str
    weak: dict[str, Any]  # language -> text, or a form (dict)
    strong: dict[str, Any]
    sharpen: str  # what sharpening asks: "question", "field:<name>", "pick" or "add"
    item: int = 0
    data: dict[str, Any] = field(default_factory=dict)
    answers: dict[tuple[str, str], Any] = field(default_factory=dict)
    strong_data: dict[str, Any] | None = None  # a collection judged as a whole: the strong one it holds


def both(text: Any) -> dict[str, Any]:
    return {"nl": text, "en": text}


def collected(*kpis: dict[str, Any]) -> dict[str, Any]:
    return {"collected": list(kpis)}


TWO_KPIS = (stored_kpi("Onderhoudsabonnementen", "Forenzen"), stored_kpi("Verkoop e-bikes", "Gezinnen met kinderen"))
SIX_KPIS = tuple(stored_kpi(f"KPI {n}", "Forenzen" if n % 2 else "Gezinnen met kinderen") for n in range(1, 7))

CASES = [
    Case("why_money", "golden_circle.why",
         {"nl": "Omdat we geld willen verdienen", "en": "Because we want to make money"},
         {"nl": "Wij helpen ondernemers groeien, omdat we geloven dat een eigen zaak vrijheid geeft.",
          "en": "We help entrepreneurs grow because we believe owning a business means freedom."}, "question"),
    Case("values_too_few", "core_values.values", {"nl": "Eerlijkheid", "en": "Honesty"},
         {"nl": "Eerlijkheid, vakmanschap", "en": "Honesty, craftsmanship"}, "question"),
    Case("values_generic", "core_values.values", {"nl": "Kwaliteit, klantgericht", "en": "Quality, customer focus"},
         {"nl": "Eerlijk advies, sleutelen met liefde, lef", "en": "Honest advice, tinkering with love, courage"},
         "question"),
    Case("goals_too_many", "marketing_goals.goals",
         {"nl": "Meer omzet; meer e-bikes; meer abonnementen; meer reviews; meer bezoekers",
          "en": "More revenue; more e-bikes; more plans; more reviews; more visitors"},
         {"nl": "Meer onderhoudsabonnementen; meer verkoop van e-bikes",
          "en": "More service plans; more e-bike sales"}, "pick"),
    Case("goals_everyone", "marketing_goals.goals",
         {"nl": "Vooral voor iedereen eigenlijk", "en": "Mainly for everyone really"},
         {"nl": "Meer onderhoudsabonnementen bij forenzen; alles-in-één pakket voor gezinnen",
          "en": "More service plans among commuters; an all-in-one package for families"}, "question"),
    Case("groups_too_many", "focus_groups.groups",
         both("Forenzen, Gezinnen met kinderen, Wielrenners, Studenten"), both("Forenzen, Gezinnen met kinderen"),
         "pick"),
    Case("groups_everyone", "focus_groups.groups", {"nl": "Iedereen", "en": "Everyone"}, both("1, 2"), "question"),
    Case("groups_new", "focus_groups.groups", both("Forenzen, Toeristen"), both("Forenzen; gezinnen met kinderen"),
         "question"),
    Case("not_doing_nothing", "marketing_goals.not_doing",
         {"nl": "Eigenlijk niets, we willen alles proberen", "en": "Nothing really, we want to try everything"},
         {"nl": "We doen niets meer met folders; geen TikTok", "en": "We do nothing more with flyers; no TikTok"},
         "question"),
    Case("persona_motives", "focus_groups.persona", both({**PERSONA, "buying_motives": "Prijs"}),
         {"nl": PERSONA, "en": {**PERSONA, "buying_motives": "Trust that the bike rides every morning"}},
         "field:buying_motives"),
    Case("proposition_generic", "propositions.proposition", {"nl": "Wij zijn de beste.", "en": "We are the best."},
         {"nl": "Voor forenzen die elke dag moeten kunnen fietsen: herstelling binnen 24 uur, anders een leenfiets.",
          "en": "For commuters who must ride every day: repaired within 24 hours, or a loan bike."}, "question"),
    Case("proposition_long", "propositions.proposition",
         {"nl": "Wij herstellen snel. Wij geven eerlijk advies. Wij zitten in het centrum van Gent.",
          "en": "We repair fast. We give honest advice. We are in the centre of Ghent."},
         {"nl": "Forenzen rijden bij ons binnen 24 uur weer, bv. ook na een val, en anders krijgen ze een leenfiets.",
          "en": "Commuters ride again within 24 hours, e.g. after a fall too, or they get a loan bike."}, "question"),
    Case("kpi_smart", "kpis.kpis", both(kpi(target="", deadline="", owner="")), both(kpi()), "field:target"),
    Case("kpi_vanity", "kpis.kpis", {"nl": kpi(name="Meer volgers op Instagram"),
                                     "en": kpi(name="More Instagram followers")},
         {"nl": kpi(name="Aanvragen via Instagram-advertenties"), "en": kpi(name="Requests from Instagram ads")},
         "field:name"),
    Case("kpi_steep", "kpis.kpis", both(kpi(baseline="", deadline="2026-12-23")),
         both(kpi(baseline="40", target="50", deadline="2027-06-30")), "field:baseline"),
    Case("kpi_unlinked", "kpis.kpis", both(kpi(goal="")), both(kpi()), "field:goal"),
    Case("kpis_group_without", "kpis.kpis", both("klaar"), both("klaar"), "add",
         data=collected(TWO_KPIS[0]), answers={("kpis.kpis", ""): [TWO_KPIS[0]]}, strong_data=collected(*TWO_KPIS)),
    Case("kpis_too_many", "kpis.kpis", both("klaar"), both("klaar"), "pick",
         data=collected(*SIX_KPIS), answers={("kpis.kpis", ""): list(SIX_KPIS)}, strong_data=collected(*TWO_KPIS)),
    Case("sponsor_no_leadership", "flywheel.sponsor", both("marketing"), {"nl": "beide", "en": "both"}, "question"),
    Case("informing_missing", "flywheel.informing", {"nl": "Hoeft niet", "en": "Not needed"},
         {"nl": "Elke maand een samenvatting in het directieoverleg, niet per mail.",
          "en": "A monthly summary in the management meeting, not by e-mail."}, "question"),
    Case("pm_missing", "flywheel.project_manager", {"nl": "Niemand eigenlijk", "en": "Nobody really"},
         {"nl": "Sanne van het team", "en": "Sanne from the team"}, "question"),
    Case("swot_no_opportunities", "data_analysis.opportunities", {"nl": "Geen idee", "en": "No idea"},
         {"nl": "Meer vraag naar e-bikes; geen enkele concurrent doet onderhoud aan huis",
          "en": "More demand for e-bikes; no competitor does home servicing"}, "question"),
    Case("swot_no_threats", "data_analysis.threats", {"nl": "Niets", "en": "Nothing"},
         {"nl": "Grote ketens met lage prijzen", "en": "Big chains with low prices"}, "question"),
    Case("channels_everywhere", "platforms.channels", {"nl": "Gewoon overal", "en": "Just everywhere"},
         {"nl": "Instagram, Google Ads, alles-in-één nieuwsbrief", "en": "Instagram, Google Ads"}, "question"),
    Case("channels_too_many", "platforms.channels", both("Instagram, Facebook, TikTok, YouTube, LinkedIn, Google Ads"),
         both("Instagram, Google Ads, WhatsApp"), "pick"),
    Case("journey_touchpoints", "journey.journey", both(journey(before_touchpoints="weet niet")), both(journey()),
         "field:before_touchpoints"),
    Case("roi_negative", "budget.roi", both({"cost": "5000", "conversions": "10", "value": "100", "revenue": ""}),
         both({"cost": "5000", "conversions": "100", "value": "100", "revenue": ""}), "field:cost"),
]
BY_RULE = {case.rule: case for case in CASES}


def view_for(case: Case, language: str, strong: bool = False) -> TeamView:
    data = case.strong_data if strong and case.strong_data is not None else case.data
    stored = {**BASE, **case.answers}
    if strong and case.strong_data is not None:
        stored[(case.state, "")] = data["collected"]
    answers = {key: StoredAnswer(value) for key, value in stored.items()}
    return TeamView(state=case.state, data={"item": case.item, **data}, answers=answers, language=language,
                    team_name="Fietsen Vermeulen")


def send(view: TeamView, answer: Any, question_id: str | None = None) -> tuple[Any, TeamView]:
    """One turn; returns the outcome and the team's view after it (its writes applied)."""
    turn = Turn(form=answer, question_id=question_id or view.state) if isinstance(answer, dict) else \
        Turn(text=answer)
    outcome = ENGINE.handle(view, turn, TurnContext(today=TODAY, user_name="anna"))
    answers = dict(view.answers)
    for write in outcome.writes:
        previous = answers.get((write.question_id, write.item_key))
        answers[(write.question_id, write.item_key)] = StoredAnswer(write.value, write.status,
                                                                    previous.version + 1 if previous else 1, "anna")
    return outcome, TeamView(state=outcome.state, data=outcome.data, answers=answers, language=outcome.language,
                             team_name=view.team_name)


def challenges(outcome: Any) -> list[str]:
    return [r.meta["rule"] for r in outcome.replies if r.meta.get("kind") == "challenge"]
