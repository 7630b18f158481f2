"""A fictional team's complete strategy (all four steps, three focus groups, a year of KPI values).

Koffiebranderij Bonenberg roasts coffee for cafés, offices and home baristas. Its answers have the
shapes the coach stores (the strategy's data contract); the benchmark, the tests and the picture
in docs/ use them. `python -m bot.document.example --png docs/strategy-page-one.png` redraws that picture.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from flows.session import StoredAnswer

TEAM = "Koffiebranderij Bonenberg"
TODAY = date(2027, 1, 4)
GROUPS = {"nl": ["Horeca-ondernemers", "Kantoren", "Thuisbarista's"],
          "en": ["Café owners", "Offices", "Home baristas"]}

_NL: dict[tuple[str, str], Any] = {
    ("golden_circle.why", ""): "We geloven dat een goede kop koffie mensen dichter bij elkaar brengt.",
    ("golden_circle.how", ""): "We branden zelf, in kleine partijen, en kennen elke boer bij naam.",
    ("golden_circle.what", ""): "Versgebrande koffiebonen, espressomachines en barista-trainingen.",
    ("core_values.values", ""): ["Vakmanschap", "Eerlijk", "Gastvrij"],
    ("ambitions.ambitions", ""): ["De bekendste branderij van Utrecht", "Helft van de omzet online"],
    ("ambitions.challenges", ""): ["Weinig tijd voor marketing", "Webshop converteert slecht"],
    ("ambitions.problem", ""): "Hoe krijgen we meer vaste zakelijke klanten zonder een eigen salesteam?",
    ("audiences.groups", ""): ["Horeca-ondernemers", "Kantoren", "Thuisbarista's", "Cadeaukopers"],
    ("data_analysis.sources", ""): ["Google Analytics", "Shopify", "Mailchimp", "Instagram"],
    ("data_analysis.visitors", ""): 8400.0,
    ("data_analysis.conversion", ""): 1.4,
    ("data_analysis.competitors", ""): ["Brandpunt Koffie", "Supermarktmerken"],
    ("data_analysis.competitor_notes", "Brandpunt Koffie"): "Sterk op horeca, zwakke webshop",
    ("data_analysis.competitor_notes", "Supermarktmerken"): "Goedkoop, maar geen versheid of advies",
    ("data_analysis.strengths", ""): ["Versheid", "Persoonlijk advies", "Eigen trainingen"],
    ("data_analysis.weaknesses", ""): ["Kleine naamsbekendheid", "Trage levering buiten Utrecht"],
    ("data_analysis.opportunities", ""): ["Kantoren willen betere koffie na corona", "Specialty groeit"],
    ("data_analysis.threats", ""): ["Stijgende bonenprijzen", "Ketens met scherpe abonnementen"],
    ("marketing_goals.customers", ""): 4,
    ("marketing_goals.channels", ""): 2,
    ("marketing_goals.sales_marketing", ""): 4,
    ("marketing_goals.goals", ""): ["40 nieuwe zakelijke klanten in 2027", "Webshopomzet verdubbelen"],
    ("marketing_goals.not_doing", ""): ["Geen supermarkten beleveren", "Geen advertenties in print",
                                        "Geen kortingsacties onder de kostprijs"],
    ("focus_groups.groups", ""): ["Horeca-ondernemers", "Kantoren", "Thuisbarista's"],
    ("focus_groups.persona", "Horeca-ondernemers"): {
        "name": "Café-eigenaar Karim", "demographics": "38 jaar, twee koffiebars in Utrecht",
        "behaviour": "Leest vakbladen, zit op Instagram en LinkedIn", "drivers": "Wil zich onderscheiden met smaak",
        "buying_motives": "Constante kwaliteit, training voor zijn personeel"},
    ("focus_groups.persona", "Kantoren"): {
        "name": "Officemanager Ingrid", "demographics": "45 jaar, kantoor met 80 medewerkers",
        "behaviour": "Zoekt via Google, vraagt collega's om advies", "drivers": "Wil dat iedereen tevreden is",
        "buying_motives": "Ontzorgen, vaste prijs, geen gedoe met storingen"},
    ("focus_groups.persona", "Thuisbarista's"): {
        "name": "Thuisbarista Tim", "demographics": "31 jaar, ontwikkelaar, woont in Amersfoort",
        "behaviour": "Kijkt YouTube-reviews, koopt online", "drivers": "Wil de perfecte espresso thuis",
        "buying_motives": "Versheid, herkomst, uitleg"},
    ("focus_groups.persona", "Cadeaukopers"): {
        "name": "Vervallen persona Vera", "demographics": "niet meer gekozen", "behaviour": "-",
        "drivers": "-", "buying_motives": "-"},
    ("propositions.proposition", "Horeca-ondernemers"): "Koffie die je gasten herkennen, met training erbij.",
    ("propositions.proposition", "Kantoren"): "Elke dag goede koffie op kantoor, zonder omkijken.",
    ("propositions.proposition", "Thuisbarista's"): "Binnen twee dagen na branden bij je thuis.",
    ("propositions.proposition", "Cadeaukopers"): "Vervallen propositie: cadeaupakketten",
    ("kpis.kpis", ""): [
        {"name": "Nieuwe horecaklanten", "focus_group": "Horeca-ondernemers",
         "goal": "40 nieuwe zakelijke klanten in 2027", "period": "quarter", "funnel": "do", "unit": "count",
         "baseline": 2.0, "target": 5.0, "deadline": "2027-12-31", "owner": "Karin", "source": "CRM"},
        {"name": "Offerteaanvragen kantoren", "focus_group": "Kantoren",
         "goal": "40 nieuwe zakelijke klanten in 2027", "period": "month", "funnel": "think", "unit": "count",
         "baseline": 4.0, "target": 12.0, "deadline": "2027-06-30", "owner": "Joost", "source": "HubSpot"},
        {"name": "Conversieratio webshop", "focus_group": "Thuisbarista's", "goal": "Webshopomzet verdubbelen",
         "period": "month", "funnel": "do", "unit": "percent", "baseline": 1.4, "target": 2.5,
         "deadline": "2027-09-30", "owner": "Sanne", "source": "Google Analytics"},
        {"name": "Webshopomzet", "focus_group": "overall", "goal": "Webshopomzet verdubbelen", "period": "month",
         "funnel": "do", "unit": "money", "baseline": 12500.0, "target": 25000.0, "deadline": "2027-12-31",
         "owner": "Sanne", "source": "Shopify"},
    ],
    ("flywheel.responsibilities", ""): "Marketing brengt leads, sales (Joost) doet offertes, service de nazorg.",
    ("flywheel.collaboration", ""): "Elke maandag een kwartier samen door de nieuwe leads.",
    ("flywheel.sponsor", ""): "both",
    ("flywheel.project_manager", ""): "Karin de Vries",
    ("flywheel.informing", ""): "Maandelijks een korte update aan de directie met de KPI's.",
    ("journey.journey", "Horeca-ondernemers"): {
        "before_questions": "Past deze koffie bij mijn zaak?", "before_touchpoints": "Instagram, vakbeurs",
        "before_content": "Proefsessie op locatie", "before_keywords": "koffie voor horeca",
        "during_questions": "Wat kost het per kop?", "during_touchpoints": "Offerte, bezoek",
        "during_content": "Rekentool prijs per kop", "during_keywords": "horeca koffie prijs",
        "after_questions": "Hoe houd ik de kwaliteit vast?", "after_touchpoints": "Training, nieuwsbrief",
        "after_content": "Barista-video's", "after_keywords": "barista training utrecht"},
    ("journey.journey", "Kantoren"): {
        "before_questions": "Wat kost goede koffie per medewerker?", "before_touchpoints": "Google, LinkedIn",
        "before_content": "Landingspagina voor kantoren", "before_keywords": "koffie op kantoor",
        "during_questions": "Wie onderhoudt de machine?", "during_touchpoints": "Offertetool, telefoon",
        "during_content": "Servicevoorwaarden op één pagina", "during_keywords": "koffiemachine huren",
        "after_questions": "Kan ik makkelijk bijbestellen?", "after_touchpoints": "Klantportaal, e-mail",
        "after_content": "Automatisch bijbestellen", "after_keywords": "koffiebonen abonnement zakelijk"},
    ("journey.journey", "Cadeaukopers"): {"before_questions": "Vervallen journey"},
    ("platforms.products", ""): ["Webshop (Shopify)", "Offertetool", "Klantportaal", "Nieuwsbrief"],
    ("platforms.channels", "Horeca-ondernemers"): ["Instagram", "LinkedIn", "Vakbeurs"],
    ("platforms.channels", "Kantoren"): ["Google Ads", "LinkedIn"],
    ("platforms.channels", "Thuisbarista's"): ["YouTube", "Instagram", "Nieuwsbrief"],
    ("content.content", ""): "Proefsessies, een rekentool prijs per kop, barista-video's en herkomstverhalen.",
    ("content.keywords", ""): ["koffie op kantoor", "koffie voor horeca", "verse koffiebonen"],
    ("concept.concept", ""): "'Vers van de brander': elke zak met brand- en oogstdatum en het verhaal van de boer.",
    ("concept.testing", ""): "Vijf klanten per focusgroep proberen het prototype van de offertetool.",
    ("design.design", ""): "Warm en ambachtelijk: kraftpapier, echte foto's uit de branderij.",
    ("budget.monthly", ""): {"amount": 2500.0, "currency": "EUR"},
    ("budget.period", ""): {"start": "2027-01-01", "end": "2027-12-31", "label": "2027"},
    ("budget.needed", ""): {"amount": 6000.0, "currency": "EUR"},
    ("budget.roi", ""): {"cost": {"amount": 6000.0, "currency": "EUR"}, "conversions": 40.0,
                         "value": {"amount": 1450.0, "currency": "EUR"},
                         "revenue": {"amount": 58000.0, "currency": "EUR"}, "roi": 866.67},
    ("time_knowledge.approach", ""): "mix",
    ("time_knowledge.who", ""): "Sanne doet content en social, een bureau doet Google Ads. We missen SEO-kennis.",
    ("time_knowledge.actions", ""): [
        {"what": "Landingspagina voor kantoren live", "owner": "Sanne", "due": "2027-02-15", "priority": "high"},
        {"what": "Offertetool bouwen", "owner": "Joost", "due": "2027-04-01", "priority": "high"},
        {"what": "Barista-video's opnemen", "owner": "Karim (extern)", "due": "2027-03-15", "priority": "medium"},
        {"what": "SEO-training volgen", "owner": "Sanne", "due": "2027-05-01", "priority": "low"},
    ],
    ("content_planning.planning", ""): "Elke dinsdag een blog, twee Instagram-posts per week, maandelijks de "
                                        "nieuwsbrief.",
    ("content_planning.start", ""): "2027-02-01",
    ("releases.releases", ""): ["Landingspagina kantoren - februari 2027", "Offertetool - april 2027",
                                "Klantportaal - september 2027"],
    ("optimisation.review", ""): "Eerste maandag van de maand de KPI's, woensdag de evaluatie met sales.",
}
_KEPT_NL = {"rule": "proposition_generic", "question": "propositions.proposition", "item": "Kantoren",
            "answer_version": 1, "quote": "Elke dag goede koffie op kantoor, zonder omkijken."}

_EN_TEXTS = {
    "golden_circle.why": "We believe a good cup of coffee brings people closer together.",
    "golden_circle.how": "We roast ourselves, in small batches, and know every farmer by name.",
    "golden_circle.what": "Freshly roasted beans, espresso machines and barista training.",
    "ambitions.problem": "How do we win more regular business customers without a sales team of our own?",
    "flywheel.responsibilities": "Marketing brings leads, sales (Joost) does quotes, service the aftercare.",
    "flywheel.collaboration": "Every Monday fifteen minutes together on the new leads.",
    "flywheel.informing": "A short monthly update for leadership with the KPIs.",
    "content.content": "Tasting sessions, a price-per-cup calculator, barista videos and origin stories.",
    "concept.concept": "'Fresh from the roaster': every bag with roast and harvest date and the farmer's story.",
    "concept.testing": "Five customers per focus group try the quote tool's prototype.",
    "design.design": "Warm and crafted: kraft paper, real photos from the roastery.",
    "time_knowledge.who": "Sanne does content and social, an agency runs Google Ads. We lack SEO knowledge.",
    "content_planning.planning": "A blog every Tuesday, two Instagram posts a week, the newsletter monthly.",
    "optimisation.review": "KPIs on the first Monday of the month, the evaluation with sales on Wednesday.",
}


_EN_LISTS: dict[str, Any] = {
    "core_values.values": ["Craftsmanship", "Honest", "Hospitable"],
    "ambitions.ambitions": ["The best-known roastery in Utrecht", "Half of our revenue online"],
    "ambitions.challenges": ["Little time for marketing", "The web shop converts poorly"],
    "data_analysis.strengths": ["Freshness", "Personal advice", "Our own training"],
    "data_analysis.weaknesses": ["Little brand awareness", "Slow delivery outside Utrecht"],
    "data_analysis.opportunities": ["Offices want better coffee after covid", "Specialty coffee is growing"],
    "data_analysis.threats": ["Rising bean prices", "Chains with keen subscriptions"],
    "data_analysis.competitors": ["Brandpunt Koffie", "Supermarket brands"],
    "marketing_goals.goals": ["40 new business customers in 2027", "Double the web shop's revenue"],
    "marketing_goals.not_doing": ["No supplying supermarkets", "No print advertising",
                                  "No discounts below cost price"],
    "platforms.products": ["Web shop (Shopify)", "Quote tool", "Customer portal", "Newsletter"],
    "content.keywords": ["coffee at the office", "coffee for cafés", "fresh coffee beans"],
    "releases.releases": ["Offices landing page - February 2027", "Quote tool - April 2027",
                          "Customer portal - September 2027"],
}
_EN_ITEMS: dict[tuple[str, str], Any] = {
    ("data_analysis.competitor_notes", "Brandpunt Koffie"): "Strong with cafés, weak web shop",
    ("data_analysis.competitor_notes", "Supermarket brands"): "Cheap, but no freshness or advice",
    ("focus_groups.persona", "Café owners"): {
        "name": "Café owner Karim", "demographics": "38, runs two coffee bars in Utrecht",
        "behaviour": "Reads trade magazines, on Instagram and LinkedIn", "drivers": "Wants to stand out on taste",
        "buying_motives": "Consistent quality, training for his staff"},
    ("focus_groups.persona", "Offices"): {
        "name": "Office manager Ingrid", "demographics": "45, an office of 80 people",
        "behaviour": "Searches Google, asks colleagues for advice", "drivers": "Wants everyone to be happy",
        "buying_motives": "No worries, a fixed price, no hassle with breakdowns"},
    ("focus_groups.persona", "Home baristas"): {
        "name": "Home barista Tim", "demographics": "31, developer, lives in Amersfoort",
        "behaviour": "Watches YouTube reviews, buys online", "drivers": "Wants the perfect espresso at home",
        "buying_motives": "Freshness, origin, explanation"},
    ("focus_groups.persona", "Gift buyers"): {"name": "Dropped persona Vera", "demographics": "no longer chosen"},
    ("propositions.proposition", "Café owners"): "Coffee your guests recognise, with training included.",
    ("propositions.proposition", "Offices"): "Good coffee at the office every day, without a second thought.",
    ("propositions.proposition", "Home baristas"): "At your door within two days of roasting.",
    ("propositions.proposition", "Gift buyers"): "Dropped proposition: gift boxes",
    ("journey.journey", "Café owners"): {
        "before_questions": "Does this coffee suit my place?", "before_touchpoints": "Instagram, trade fair",
        "before_content": "Tasting session on site", "before_keywords": "coffee for cafés",
        "during_questions": "What does it cost per cup?", "during_touchpoints": "Quote, visit",
        "during_content": "Price-per-cup calculator", "during_keywords": "café coffee price",
        "after_questions": "How do I keep the quality up?", "after_touchpoints": "Training, newsletter",
        "after_content": "Barista videos", "after_keywords": "barista training utrecht"},
    ("journey.journey", "Offices"): {
        "before_questions": "What does good coffee cost per employee?", "before_touchpoints": "Google, LinkedIn",
        "before_content": "Landing page for offices", "before_keywords": "coffee at the office",
        "during_questions": "Who maintains the machine?", "during_touchpoints": "Quote tool, phone",
        "during_content": "Service terms on one page", "during_keywords": "rent a coffee machine",
        "after_questions": "Can I reorder easily?", "after_touchpoints": "Customer portal, e-mail",
        "after_content": "Automatic reordering", "after_keywords": "business coffee bean subscription"},
    ("journey.journey", "Gift buyers"): {"before_questions": "Dropped journey"},
    ("platforms.channels", "Café owners"): ["Instagram", "LinkedIn", "Trade fair"],
    ("platforms.channels", "Offices"): ["Google Ads", "LinkedIn"],
    ("platforms.channels", "Home baristas"): ["YouTube", "Instagram", "Newsletter"],
}
KPI_NAMES = {"Nieuwe horecaklanten": "New café customers", "Offerteaanvragen kantoren": "Quote requests from offices",
             "Conversieratio webshop": "Web shop conversion rate", "Webshopomzet": "Web shop revenue"}
_EN_ACTIONS = ["Offices landing page live", "Build the quote tool", "Record barista videos", "Take an SEO course"]


def _english(values: dict[tuple[str, str], Any]) -> dict[tuple[str, str], Any]:
    """The same team in English: its texts translated, the focus groups renamed throughout."""
    rename = dict(zip(GROUPS["nl"], GROUPS["en"], strict=True)) | {"Cadeaukopers": "Gift buyers",
                                                                  "Supermarktmerken": "Supermarket brands"}
    english: dict[tuple[str, str], Any] = {}
    for (qid, item), value in values.items():
        key = (qid, rename.get(item, item))
        value = _EN_TEXTS.get(qid, _EN_LISTS.get(qid, value))
        if qid in ("focus_groups.groups", "audiences.groups"):
            value = [rename.get(v, v) for v in value]
        if qid == "kpis.kpis":
            goals = dict(zip(_NL[("marketing_goals.goals", "")], _EN_LISTS["marketing_goals.goals"], strict=True))
            value = [{**k, "name": KPI_NAMES[k["name"]], "focus_group": rename.get(k["focus_group"], k["focus_group"]),
                      "goal": goals.get(k["goal"], k["goal"])} for k in value]
        if qid == "time_knowledge.actions":
            value = [{**a, "what": what, "owner": a["owner"].replace("extern", "external")}
                     for a, what in zip(value, _EN_ACTIONS, strict=True)]
        english[key] = _EN_ITEMS.get(key, value)
    return english


def example_answers(language: str = "nl") -> dict[tuple[str, str], StoredAnswer]:
    """The team's current answers, with one point kept against the coach's advice."""
    values = _NL if language == "nl" else _english(_NL)
    answers = {key: StoredAnswer(value) for key, value in values.items()}
    kept = _KEPT_NL if language == "nl" else {
        **_KEPT_NL, "item": "Offices", "quote": _EN_ITEMS[("propositions.proposition", "Offices")]}
    answers[("_kept", f"{kept['rule']}|{kept['question']}|{kept['item']}")] = StoredAnswer(kept)
    # One journey is still open (Thuisbarista's), so the document shows an open item too.
    return answers


def example_kpi_values(language: str = "nl") -> dict[str, list[tuple[str, float | None]]]:
    """A year of monthly values (one month not entered), by each KPI's name in that language."""
    months = [f"2026-{m:02d}" for m in range(1, 13)]
    series = {
        "Nieuwe horecaklanten": [1, 2, 2, 3, 2, 3, 4, 3, 4, None, 5, 4],
        "Offerteaanvragen kantoren": [4, 5, 5, 6, 7, 6, 8, 9, 8, 10, 11, 12],
        "Conversieratio webshop": [1.4, 1.5, 1.4, 1.6, 1.7, 1.8, 1.7, 1.9, 2.0, 2.1, 2.0, 2.2],
        "Webshopomzet": [12500, 13100, 12800, 14200, 15000, 14600, 16100, 17300, 16800, 18900, 21000, 23400],
    }
    names = KPI_NAMES if language == "en" else {name: name for name in KPI_NAMES}
    return {names[name]: [(m, None if v is None else float(v)) for m, v in zip(months, values, strict=True)]
            for name, values in series.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render the example team's document")
    parser.add_argument("--lang", choices=["nl", "en"], default="nl")
    parser.add_argument("--png", help="write page one as a PNG here (needs pypdfium2, a dev dependency)")
    parser.add_argument("--pdf", help="write the PDF here")
    parser.add_argument("--docx", help="write the Word document here")
    args = parser.parse_args(argv)
    from bot.document.build import example_strategy
    from bot.document.docx import render_docx
    from bot.document.pdf import render_pdf

    strategy = example_strategy(args.lang)
    pdf = render_pdf(strategy)
    if args.pdf:
        with open(args.pdf, "wb") as out:
            out.write(pdf)
    if args.docx:
        with open(args.docx, "wb") as out:
            out.write(render_docx(strategy))
    if args.png:
        from bot.document.preview import pdf_page_png

        with open(args.png, "wb") as out:
            out.write(pdf_page_png(pdf, 0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
