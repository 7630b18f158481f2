"""The PDF and the Word document, read back with a library: their text holds the team's answers, in order."""

from __future__ import annotations

import io

import docx
import pytest

from bot.document.build import example_strategy
from bot.document.docx import render_docx
from bot.document.example import TEAM, TODAY, example_answers, example_kpi_values
from bot.document.pdf import render_pdf
from flows.definition import default_flow
from flows.session import StoredAnswer
from flows.strategy import build_strategy
from tests.document.readback import assert_in_order, docx_text, pdf_pages, without_footer

PAGE_ONE_NL = [
    "Strategie op één pagina", "Koffiebranderij Bonenberg", "Stand van 4 januari 2027",
    "We geloven dat een goede kop koffie", "We branden zelf, in kleine partijen", "Versgebrande koffiebonen",
    "Vakmanschap, Eerlijk, Gastvrij", "Hoe krijgen we meer vaste zakelijke klanten",
    "40 nieuwe zakelijke klanten in 2027",
    "Horeca-ondernemers", "Café-eigenaar Karim", "Constante kwaliteit", "Koffie die je gasten herkennen",
    "Nieuwe horecaklanten: 5 per kwartaal vóór 31 december 2027 (Karin)",
    "Kantoren", "Officemanager Ingrid", "Elke dag goede koffie op kantoor", "Offerteaanvragen kantoren",
    "Thuisbarista's", "Thuisbarista Tim", "Binnen twee dagen na branden", "Conversieratio webshop: 2,5 %",
    "Webshopomzet: € 25.000 per maand",
    "WAT WE NIET DOEN", "Geen supermarkten beleveren", "Geen kortingsacties onder de kostprijs",
    "866,67 %", "€ 58.000 opbrengst op € 6.000 kosten", "€ 2.500 (2027)",
    "Directie en marketing", "Karin de Vries",
    "Landingspagina voor kantoren live", "Sanne, 15 februari 2027", "Offertetool bouwen",
    "AANDACHTSPUNTEN", "Experience journey voor Thuisbarista's", "Propositie (Kantoren)",
]


@pytest.fixture(scope="module")
def dutch_pdf() -> bytes:
    return render_pdf(example_strategy("nl"))


@pytest.fixture(scope="module")
def dutch_docx() -> bytes:
    return render_docx(example_strategy("nl"))


def test_pdf_page_one_holds_the_answers_in_order(dutch_pdf):
    assert_in_order(pdf_pages(dutch_pdf)[0], PAGE_ONE_NL)


def test_pdf_page_one_is_one_page_and_the_detail_follows(dutch_pdf):
    pages = pdf_pages(dutch_pdf)
    assert "Stap 1 · Discover in detail" not in pages[0]
    assert without_footer(pages[1]).startswith("Stap 1 · Discover in detail")


def test_pdf_next_pages_hold_discover_journeys_means_timeline_and_history_in_order(dutch_pdf):
    rest = " ".join(pdf_pages(dutch_pdf)[1:])
    assert_in_order(rest, [
        "Stap 1 · Discover in detail", "De bekendste branderij van Utrecht", "Brandpunt Koffie",
        "Sterk op horeca, zwakke webshop", "SWOT", "Versheid", "Stijgende bonenprijzen",
        "KPI's", "Conversieratio webshop", "1,4 %", "Flywheel", "Elke maandag een kwartier",
        "Experience journey per persona", "Café-eigenaar Karim (Horeca-ondernemers)", "Demografie:",
        "Past deze koffie bij mijn zaak?", "Experience journey: nog open",
        "Stap 3 · Translate", "Webshop (Shopify)", "Instagram, LinkedIn, Vakbeurs", "Vers van de brander",
        "Stap 4 · Achieve", "Een mix", "SEO-training volgen", "Tijdlijn", "1 februari 2027",
        "Start van de contentplanning", "Offertetool", "KPI's door de maanden heen", "Webshopomzet",
    ])


def test_pdf_footer_names_team_date_and_page(dutch_pdf):
    pages = pdf_pages(dutch_pdf)
    assert "Koffiebranderij Bonenberg · Strategie op één pagina · 4 januari 2027 · pagina 2" in pages[1]


def test_docx_holds_page_one_then_the_detail_in_order(dutch_docx):
    text = docx_text(dutch_docx)
    assert_in_order(text, [p for p in PAGE_ONE_NL if p not in ("WAT WE NIET DOEN", "AANDACHTSPUNTEN")])
    assert_in_order(text, ["Propositie (Kantoren)", "Stap 1 · Discover in detail", "Experience journey per persona",
                           "Stap 3 · Translate", "Stap 4 · Achieve", "KPI's door de maanden heen"])


def test_docx_uses_words_own_styles_so_it_stays_editable(dutch_docx):
    document = docx.Document(io.BytesIO(dutch_docx))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "List Bullet"} <= styles
    assert document.core_properties.title == "Strategie op één pagina — Koffiebranderij Bonenberg"
    assert len(document.inline_shapes) == 4  # one chart per measured KPI


@pytest.mark.parametrize("render", [render_pdf, render_docx], ids=["pdf", "docx"])
def test_an_orphaned_persona_never_appears_in_either_document(render):
    data = render(example_strategy("nl"))
    text = " ".join(pdf_pages(data)) if render is render_pdf else docx_text(data)
    assert "Vervallen persona Vera" not in text
    assert "Vervallen propositie" not in text


@pytest.mark.parametrize("render", [render_pdf, render_docx], ids=["pdf", "docx"])
def test_english_documents_have_english_labels_and_units(render):
    data = render(example_strategy("en"))
    text = (" ".join(pdf_pages(data)) if render is render_pdf else docx_text(data)).casefold()  # labels in capitals
    assert_in_order(text, [p.casefold() for p in (
        "Strategy on one page", "As of 4 January 2027", "Core values", "Problem statement", "Buying motives",
        "Web shop conversion rate: 2.5% a month by 30 September 2027", "866.67%", "€ 58,000 revenue on € 6,000 cost",
        "Management and marketing")])
    for dutch in ("kernwaarden", "probleemstelling", "koopmotieven", "stand van", "allebei", "koffie op kantoor",
                  "nog open", "vóór"):
        assert dutch not in text


def test_long_answers_shrink_page_one_rather_than_spill_over():
    answers = example_answers()
    long_text = "Een heel lang antwoord dat maar doorgaat over koffie en klanten. " * 45
    for qid in ("golden_circle.why", "golden_circle.how", "golden_circle.what", "ambitions.problem"):
        answers[(qid, "")] = StoredAnswer(long_text[:3000])
    pages = pdf_pages(render_pdf(build_strategy(default_flow(), answers, "nl", TODAY, TEAM,
                                                kpi_values=example_kpi_values())))
    assert "AANDACHTSPUNTEN" in pages[0]
    assert without_footer(pages[1]).startswith("Stap 1 · Discover in detail")
    assert "maar doorgaat over koffie en…" in pages[0]  # cut there, at a word
    rest = " ".join(" ".join(without_footer(p) for p in pages[1:]).split())  # a text may run over a page break
    full = " ".join(long_text[:3000].split())
    assert_in_order(rest, ["Op pagina één ingekort: de volledige tekst", "Why", full, "How", full, "What", full,
                           "Probleemstelling", full])


def test_characters_that_mean_something_in_markup_are_printed_as_typed():
    answers = example_answers()
    answers[("golden_circle.why", "")] = StoredAnswer("Koffie & thee <b>voor</b> iedereen — “écht” ☕")
    strategy = build_strategy(default_flow(), answers, "nl", TODAY, TEAM)
    assert "Koffie & thee <b>voor</b> iedereen — “écht”" in pdf_pages(render_pdf(strategy))[0]
    assert "Koffie & thee <b>voor</b> iedereen — “écht” ☕" in docx_text(render_docx(strategy))


def test_many_open_items_move_to_the_end_of_the_pdf():
    strategy = build_strategy(default_flow(), {("golden_circle.why", ""): StoredAnswer("Omdat het kan.")}, "nl",
                              TODAY, "Nieuw team")
    pages = pdf_pages(render_pdf(strategy))
    assert "zie de Aandachtspunten achteraan" in pages[0]
    assert "Stap 4 · Achieve: nog niet ingevuld" in pages[-1]


@pytest.mark.parametrize("render", [render_pdf, render_docx], ids=["pdf", "docx"])
def test_an_empty_strategy_still_renders(render):
    strategy = build_strategy(default_flow(), {}, "en", TODAY, "")
    assert render(strategy)[:4] in (b"%PDF", b"PK\x03\x04")


@pytest.mark.parametrize("values", [[2.0], [3.0, 3.0, 3.0], [None, 4.0, None], [0.0, 1e9]])
def test_a_kpi_chart_is_drawn_for_any_history(values):
    from PIL import Image

    from bot.document.charts import HEIGHT, WIDTH, kpi_chart_png
    from flows.strategy_kpis import build_kpis

    kpi = build_kpis(default_flow(), [{"name": "Leads", "unit": "count", "target": 5.0}], [], "nl",
                     {"Leads": [(f"2026-{m + 1:02d}", v) for m, v in enumerate(values)]})[0]
    image = Image.open(io.BytesIO(kpi_chart_png(kpi, "nl", "- - doel 5")))
    assert (image.format, image.size) == ("PNG", (WIDTH, HEIGHT))


@pytest.mark.parametrize("text,together", [("Conversieratio webshop: 1.000,5 % per maand", "1.000,5\u00a0%"),
                                           ("Omzet e-bikes: € 15.000,50 per maand", "€\u00a015.000,50")])
def test_a_figure_and_its_unit_stay_on_one_line_in_the_pdf(text: str, together: str) -> None:
    # Page one wrapped "1.000,5" / "% per maand" in a narrow KPI cell.
    from bot.document.pdf_parts import para

    paragraph = para(text, "cell")
    paragraph.wrap(80, 1000)
    lines = [" ".join(str(word) for word in line[1]) for line in paragraph.blPara.lines]
    assert len(lines) > 1 and any(together in line for line in lines)
