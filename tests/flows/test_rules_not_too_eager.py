"""Realistic answers a good Dutch or Flemish team gives, some with the very words a rule looks for: none of
them is challenged. And the weak ones that share those words still are."""

from __future__ import annotations

from datetime import date

import pytest

from flows.definition import default_flow
from flows.rules import RuleContext, check

RULES = default_flow().rules
CONTEXT = RuleContext(today=date(2026, 11, 23))

STRONG = {
    "why_money": [
        "Wij bestaan om ondernemers te laten groeien.",
        "We geloven dat groei voor iedereen haalbaar moet zijn, ook zonder groot budget.",
        "We willen dat zelfstandigen meer verdienen aan hun vakmanschap.",
        "Wij zorgen dat lokale winkels kunnen groeien naast de grote ketens.",
        "Om klanten te laten groeien met eerlijk advies.",
        "Omdat een goede fiets vrijheid geeft.",
        "We exist so that small shops can grow online.",
        "Because we love bikes and want more people to ride them.",
    ],
    "values_generic": [["Eerlijk advies", "kwaliteit tot in de details"], ["Lef", "service met een glimlach"],
                       ["Vakmanschap", "kwaliteit"]],
    "goals_everyone": [["Alles-in-één onderhoudspakket verkopen"], ["Iedereen in Gent een veilige fiets geven"],
                       ["Meer leads van zakelijke klanten"]],
    "not_doing_nothing": [["We doen niets meer met folders"], ["Geen TikTok"], ["Niet adverteren in de krant"],
                          ["Nothing on TikTok"], ["We stoppen met alles wat niet over fietsen gaat"]],
    "proposition_generic": [
        "Wij zijn de enige fietsenmaker in Gent die je fiets thuis ophaalt en binnen 24 uur terugbrengt.",
        "Voor drukke forenzen: de beste keuze als je fiets morgen weer moet rijden, want wij herstellen binnen 24 uur.",
        "We are the repair shop that collects your bike at home and brings it back within a day.",
    ],
    "proposition_long": [
        "Binnen 24 uur hersteld, bv. ook na een val, of een leenfiets.",
        "Voor forenzen die elke dag fietsen: 's ochtends binnen, 's avonds klaar.",
    ],
    "pm_missing": ["Sanne", "Tom van het team", "Lisa de Smet (marketing)", "Our marketer, Jan"],
    "informing_missing": ["Elke maand een samenvatting in het directieoverleg, niet per mail.",
                          "Niet per mail maar elke maandag kort bij de koffie"],
    "channels_everywhere": [["Instagram", "Google Ads"], ["Alles-in-één nieuwsbrief", "WhatsApp"]],
    "swot_no_threats": [["Geen parking meer in de binnenstad"], ["Niets houdt grote ketens tegen om ook te leveren"]],
}
WEAK = {
    "why_money": ["Omdat we geld willen verdienen", "Om te groeien", "Meer omzet en winst", "To grow our business",
                  "Meer omzet uit bestaande klanten"],
    "not_doing_nothing": [["Eigenlijk niets", "we willen alles proberen"], ["Niks"], ["Geen idee"], ["Nothing really"]],
    "pm_missing": ["Niemand", "Het team", "We doen het samen", "Nog niet bekend", "Nobody yet"],
}


@pytest.mark.parametrize(("rule", "answer"), [(r, a) for r, answers in STRONG.items() for a in answers])
def test_a_good_answer_is_not_challenged(rule: str, answer: object) -> None:
    assert check(RULES.by_id(rule), answer, CONTEXT) is None


@pytest.mark.parametrize(("rule", "answer"), [(r, a) for r, answers in WEAK.items() for a in answers])
def test_a_weak_answer_with_the_same_words_is(rule: str, answer: object) -> None:
    assert check(RULES.by_id(rule), answer, CONTEXT) is not None
