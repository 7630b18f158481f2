"""A Flemish bike shop walking the whole model with deliberately weak answers, keeping every challenge.

Each weak answer is followed by `houden` as often as the coach challenges it; `CHALLENGED` lists the
rules the walk must meet, each exactly once per weak answer.
"""

from __future__ import annotations

KEEP = "houden"


def _persona(name: str, motives: str) -> list[str]:
    return [name, "35 jaar, woont in Gent", "Zit op Instagram en leest Google-reviews", "Zorgeloos fietsen", motives]


def _journey(touchpoints: str) -> list[str]:
    return ["Welke fiets?", touchpoints, "-", "-", "Wanneer klaar?", "De winkel", "-", "-",
            "Wie helpt bij pech?", "WhatsApp", "-", "-"]


def _kpi(name: str, group: str) -> list[str]:
    # name, focus group, goal, funnel, unit, baseline, target, period, deadline, owner, source
    return [name, group, "1", "3", "1", "40", "55", "in totaal", "30-06-2027", "Sanne", "Kassasysteem"]


GROUPS = ["Forenzen", "Gezinnen", "Studenten", "Iedereen"]

DUTCH_WEAK: list[str] = [
    "Omdat we geld willen verdienen", KEEP,  # why_money
    "Met goede service",
    "Fietsen verkopen en herstellen",
    "Kwaliteit", KEEP, KEEP,  # values_too_few, values_generic
    "Meer omzet",
    "Te weinig tijd",
    "Hoe verkopen we meer fietsen?",
    "Forenzen, Gezinnen, Wielrenners, Studenten",
    "Kassasysteem",
    "overslaan", "overslaan",  # visitors, conversion (optional)
    "Decathlon, Fietsen Peeters",
    "Snelle herstelling",
    "Verouderde website",
    "Geen idee", KEEP,  # swot_no_opportunities
    "Niets", KEEP,  # swot_no_threats
    "overslaan", "overslaan",  # a line per competitor (optional)
    "klopt",
    # Decide
    "3", "2", "3",
    "Meer omzet; meer e-bikes; meer abonnementen; meer reviews; meer volgers; vooral voor iedereen eigenlijk; "
    "meer winst", KEEP, KEEP,  # goals_too_many, goals_everyone
    "Eigenlijk niets, we willen alles proberen", KEEP,  # not_doing_nothing
    ", ".join(GROUPS), KEEP, KEEP, KEEP,  # groups_too_many, groups_everyone, groups_new (confirmed as new)
    *_persona("Forens Frank", "Prijs"), KEEP,  # persona_motives
    *_persona("Gezin Goedele", "Veiligheid voor de kinderen"),
    *_persona("Student Stan", "Snel weer rijden na pech"),
    *_persona("Iedereen Ida", "Vertrouwen"),
    "Wij zijn de beste.", KEEP,  # proposition_generic
    "Wij zijn snel. Wij geven advies. Wij zitten in Gent.", KEEP,  # proposition_long
    "Veilig naar school, elke dag, met onderhoud aan huis.",
    "Binnen 24 uur hersteld, of een leenfiets.",
    # KPI 1: not SMART (no owner), a vanity metric, 30 days without baseline, no overall goal
    "Meer volgers op Instagram", "1", "-", "1", "1", "-", "1000", "in totaal", "23-12-2026", "-", "-",
    KEEP, KEEP, KEEP, KEEP,  # kpi_smart, kpi_vanity, kpi_steep, kpi_unlinked
    *_kpi("Onderhoudsabonnementen", "1"), *_kpi("Verkoop e-bikes", "1"), *_kpi("Herstellingen", "1"),
    *_kpi("Leasefietsen", "1"), *_kpi("Reviews op Google", "1"),
    "klaar", KEEP, KEEP,  # kpis_group_without, kpis_too_many
    "Ik doe alles.",
    "We praten soms.",
    "marketing", KEEP,  # sponsor_no_leadership
    "Hoeft niet", KEEP,  # informing_missing
    "Niemand eigenlijk", KEEP,  # pm_missing
    "klopt",
    # Translate
    *_journey("weet niet"), KEEP,  # journey_touchpoints
    *_journey("Instagram"), *_journey("Google"), *_journey("TikTok"),
    "Website",
    "Gewoon overal", KEEP,  # channels_everywhere
    "Instagram, Facebook, TikTok, YouTube, LinkedIn, Google Ads", KEEP,  # channels_too_many
    "Instagram", "Google Ads",
    "Een mooie website.",
    "fietsen, herstelling",
    "Een nieuwe website.",
    "We vragen het aan klanten.",
    "Modern.",
    "klopt",
    # Achieve
    "€ 500", "2027", "overslaan",
    "€ 5.000", "10", "€ 100", "-", KEEP,  # roi_negative
    "zelf",
    "Ik.",
    "Website vernieuwen", "Jan", "-", "-", "klaar",
    "Af en toe een post.",
    "1 januari 2027",
    "Nieuwe website - maart",
    "We kijken af en toe.",
    "klopt",
]

CHALLENGED = [
    "why_money", "values_too_few", "values_generic", "swot_no_opportunities", "swot_no_threats",
    "goals_too_many", "goals_everyone", "not_doing_nothing", "groups_too_many", "groups_everyone", "groups_new",
    "persona_motives", "proposition_generic", "proposition_long", "kpi_smart", "kpi_vanity", "kpi_steep",
    "kpi_unlinked", "kpis_group_without", "kpis_too_many", "sponsor_no_leadership", "informing_missing",
    "pm_missing", "journey_touchpoints", "channels_everywhere", "channels_too_many", "roi_negative",
]
