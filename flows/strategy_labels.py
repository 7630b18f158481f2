"""The words of the strategy document, in Dutch and English: headings, column names, field labels.

One place for every renderer (Markdown, PDF, Word, Slack, Teams), so page one reads the same
everywhere. Question texts are never shown in the document: these short labels stand in for them.
"""

from __future__ import annotations

from flows.definition import Text

T = Text

TITLE = T(nl="Strategie op één pagina", en="Strategy on one page")
FORMULA = T(nl="Focusgroepen + Proposities + KPI's = Strategie", en="Focus groups + Propositions + KPIs = Strategy")
AS_OF = T(nl="Stand van {date}", en="As of {date}")
WHY, HOW, WHAT = T(nl="Why", en="Why"), T(nl="How", en="How"), T(nl="What", en="What")
WHY_HOW_WHAT = T(nl="Why, how, what", en="Why, how, what")
CORE_VALUES = T(nl="Kernwaarden", en="Core values")
PROBLEM = T(nl="Probleemstelling", en="Problem statement")
EMPHASIS = T(nl="Waar de nadruk ligt", en="Where the emphasis lies")
GOALS = T(nl="Overall marketingdoelen", en="Overall marketing goals")
FOCUS_GROUPS = T(nl="Focusgroepen", en="Focus groups")
FOCUS_GROUP = T(nl="Focusgroep", en="Focus group")
COL_GROUP = T(nl="Focusgroep en persona", en="Focus group and persona")
COL_MOTIVES = T(nl="Koopmotieven", en="Buying motives")
COL_PROPOSITION = T(nl="Propositie", en="Proposition")
COL_KPIS = T(nl="KPI's", en="KPIs")
OVERALL_KPIS = T(nl="KPI's voor de hele strategie", en="KPIs for the whole strategy")
NOT_DOING = T(nl="Wat we NIET doen", en="What we will NOT do")
BUDGET = T(nl="Budget en ROI", en="Budget and ROI")
MONTHLY = T(nl="Budget per maand", en="Monthly budget")
BUDGET_PERIOD = T(nl="Periode", en="Period")
NEEDED = T(nl="Extra nodig", en="Extra needed")
ROI = T(nl="Verwachte ROI", en="Expected ROI")
ROI_BASIS = T(nl="{revenue} opbrengst op {cost} kosten", en="{revenue} revenue on {cost} cost")
ROI_ON_REVENUE = T(nl="op omzet, niet op marge", en="on revenue, not margin")  # wherever the ROI shows (seed 001)
TOP_ACTIONS = T(nl="De drie belangrijkste acties", en="The three most important actions")
ACTIONS = T(nl="Alle acties", en="All actions")
WHO_CARRIES = T(nl="Wie draagt het", en="Who carries it")
SPONSOR = T(nl="Sponsor", en="Sponsor")
PROJECT_MANAGER = T(nl="Projectmanager", en="Project manager")
INFORMING = T(nl="Directie op de hoogte", en="Keeping leadership informed")
ATTENTION = T(nl="Aandachtspunten", en="Points of attention")
OPEN = T(nl="Nog open", en="Still open")
KEPT = T(nl="Bewust zo gehouden, tegen het advies van de coach in", en="Kept against the coach's advice")
LATER = T(nl="Voor later", en="For later")
NOTHING_OPEN = T(nl="Niets open: alles is ingevuld.", en="Nothing open: everything is filled in.")
STILL_OPEN = T(nl="nog open", en="still open")
NOT_CHOSEN = T(nl="nog niet gekozen", en="not chosen yet")
DRAFT = T(nl="concept", en="draft")

# KPI lines and columns
KPI = T(nl="KPI", en="KPI")
FUNNEL = T(nl="Fase", en="Stage")
BASELINE = T(nl="Nulmeting", en="Baseline")
TARGET = T(nl="Doel", en="Target")
DEADLINE = T(nl="Deadline", en="Deadline")
OWNER = T(nl="Eigenaar", en="Owner")
SOURCE = T(nl="Bron", en="Source")
KPI_GOAL = T(nl="Draagt bij aan", en="Contributes to")
KPI_LINE = T(nl="{name}: {target} vóór {deadline}", en="{name}: {target} by {deadline}")
KPI_LINE_NO_DEADLINE = T(nl="{name}: {target}", en="{name}: {target}")
KPI_PERIODS = {"month": T(nl="per maand", en="a month"), "quarter": T(nl="per kwartaal", en="a quarter"),
               "total": T(nl="in totaal", en="in total")}
KPI_HISTORY = T(nl="KPI's door de maanden heen", en="KPIs over the months")
MEASURED = T(nl="Gemeten", en="Measured")
MONTH = T(nl="Maand", en="Month")
NOT_MEASURED = T(nl="niet gemeten", en="not measured")
CHART_OF = T(nl="{name}: gemeten tegen het doel", en="{name}: measured against the target")

# Persona
PERSONA = T(nl="Persona", en="Persona")
PERSONA_FIELDS = {
    "demographics": T(nl="Demografie", en="Demographics"),
    "behaviour": T(nl="Gedrag", en="Behaviour"),
    "drivers": T(nl="Drijfveren", en="Drivers"),
    "buying_motives": T(nl="Koopmotieven", en="Buying motives"),
}

# Next pages
DISCOVER = T(nl="Stap 1 · Discover in detail", en="Step 1 · Discover in detail")
AMBITIONS = T(nl="Ambities", en="Ambitions")
CHALLENGES = T(nl="Uitdagingen", en="Challenges")
AUDIENCES = T(nl="Doelgroepen", en="Target groups")
DATA = T(nl="Data", en="Data")
SOURCES = T(nl="Databronnen", en="Data sources")
VISITORS = T(nl="Bezoekers per maand", en="Visitors a month")
CONVERSION = T(nl="Conversieratio", en="Conversion rate")
COMPETITORS = T(nl="Concurrenten", en="Competitors")
SWOT = T(nl="SWOT", en="SWOT")
STRENGTHS = T(nl="Sterktes", en="Strengths")
WEAKNESSES = T(nl="Zwaktes", en="Weaknesses")
OPPORTUNITIES = T(nl="Kansen", en="Opportunities")
THREATS = T(nl="Bedreigingen", en="Threats")
FLYWHEEL = T(nl="Flywheel: wie doet wat", en="Flywheel: who does what")
RESPONSIBILITIES = T(nl="Verantwoordelijkheden", en="Responsibilities")
COLLABORATION = T(nl="Samenwerking", en="Collaboration")
JOURNEYS = T(nl="Experience journey per persona", en="Experience journey per persona")
JOURNEY_OF = T(nl="{persona} ({group})", en="{persona} ({group})")
JOURNEY_OPEN = T(nl="Experience journey: nog open", en="Experience journey: still open")
PHASE = T(nl="Fase", en="Phase")
PHASES = {"before": T(nl="Vóór", en="Before"), "during": T(nl="Tijdens", en="During"),
          "after": T(nl="Na", en="After")}
ASPECTS = {"questions": T(nl="Vragen", en="Questions"), "touchpoints": T(nl="Touchpoints", en="Touchpoints"),
           "content": T(nl="Content", en="Content"), "keywords": T(nl="Keywords", en="Keywords")}
DESCRIPTION = T(nl="Wat er gebeurt", en="What happens")
TRANSLATE = T(nl="Stap 3 · Translate: de middelen", en="Step 3 · Translate: the means")
PRODUCTS = T(nl="Platform en digitale producten", en="Platform and digital products")
CHANNELS = T(nl="Kanalen per focusgroep", en="Channels per focus group")
CONTENT = T(nl="Content en functionaliteiten", en="Content and functionality")
KEYWORDS = T(nl="Keywords", en="Keywords")
CONCEPT = T(nl="Concept en prototype", en="Concept and prototype")
TESTING = T(nl="Zo testen we het", en="How we test it")
DESIGN = T(nl="Design", en="Design")
ACHIEVE = T(nl="Stap 4 · Achieve: de uitvoering", en="Step 4 · Achieve: carrying it out")
APPROACH = T(nl="Aanpak", en="Approach")
WHO_DOES_WHAT = T(nl="Wie doet wat", en="Who does what")
TIMELINE = T(nl="Tijdlijn: contentplanning en releases", en="Timeline: content planning and releases")
WHEN = T(nl="Wanneer", en="When")
WHAT_HAPPENS = T(nl="Wat", en="What")
PLANNING_STARTS = T(nl="Start van de contentplanning", en="The content plan starts")
REVIEW = T(nl="Meten, evalueren, optimaliseren", en="Measure, evaluate, optimise")
PRIORITY = T(nl="Prioriteit", en="Priority")
DUE = T(nl="Klaar op", en="Due")
PAGE = T(nl="Pagina {n}", en="Page {n}")

# Open items: what is missing, named the way the document names it (never the question text).
OPEN_STEP = T(nl="{step}: nog niet ingevuld", en="{step}: not filled in yet")
OPEN_ITEM = T(nl="{what}", en="{what}")
OPEN_FOR_GROUP = T(nl="{what} voor {group}", en="{what} for {group}")
OPEN_DRAFT = T(nl="{what}: nog een concept, graag bevestigen", en="{what}: still a draft, please confirm")
OPEN_KPI = T(nl="KPI '{name}' mist nog: {missing}", en="KPI '{name}' still lacks: {missing}")
OPEN_KPI_ORPHAN = T(nl="KPI '{name}' hoort bij '{group}', dat geen focusgroep meer is",
                    en="KPI '{name}' belongs to '{group}', which is no longer a focus group")
KPI_NAMED = T(nl="KPI “{name}”", en="KPI “{name}”")  # a kept point on one KPI: its name is the words kept
SMART_PARTS = {"target": T(nl="een doelwaarde", en="a target value"), "deadline": T(nl="een deadline", en="a deadline"),
               "owner": T(nl="een eigenaar", en="an owner")}
KEPT_LINE = T(nl="{what} — {reasons}", en="{what} — {reasons}")  # the reasons: the rules' own kept labels

# The short name of each question, for open items, kept points and labelled fields.
QUESTIONS = {
    "golden_circle.why": T(nl="De why", en="The why"),
    "golden_circle.how": T(nl="De how", en="The how"),
    "golden_circle.what": T(nl="De what", en="The what"),
    "core_values.values": CORE_VALUES,
    "ambitions.ambitions": AMBITIONS,
    "ambitions.challenges": CHALLENGES,
    "ambitions.problem": PROBLEM,
    "audiences.groups": AUDIENCES,
    "data_analysis.sources": SOURCES,
    "data_analysis.visitors": VISITORS,
    "data_analysis.conversion": CONVERSION,
    "data_analysis.competitors": COMPETITORS,
    "data_analysis.competitor_notes": T(nl="Notities per concurrent", en="Notes per competitor"),
    "data_analysis.strengths": STRENGTHS,
    "data_analysis.weaknesses": WEAKNESSES,
    "data_analysis.opportunities": OPPORTUNITIES,
    "data_analysis.threats": THREATS,
    "marketing_goals.customers": T(nl="Bestaande of nieuwe klanten", en="Current or new customers"),
    "marketing_goals.channels": T(nl="Online of offline", en="Online or offline"),
    "marketing_goals.sales_marketing": T(nl="Sales of marketing", en="Sales or marketing"),
    "marketing_goals.goals": GOALS,
    "marketing_goals.not_doing": NOT_DOING,
    "focus_groups.groups": FOCUS_GROUPS,
    "focus_groups.persona": PERSONA,
    "propositions.proposition": COL_PROPOSITION,
    "kpis.kpis": COL_KPIS,
    "flywheel.responsibilities": RESPONSIBILITIES,
    "flywheel.collaboration": COLLABORATION,
    "flywheel.sponsor": SPONSOR,
    "flywheel.project_manager": PROJECT_MANAGER,
    "flywheel.informing": INFORMING,
    "journey.journey": T(nl="Experience journey", en="Experience journey"),
    "platforms.products": PRODUCTS,
    "platforms.channels": T(nl="Kanalen", en="Channels"),
    "content.content": CONTENT,
    "content.keywords": KEYWORDS,
    "concept.concept": CONCEPT,
    "concept.testing": TESTING,
    "design.design": DESIGN,
    "budget.monthly": MONTHLY,
    "budget.period": T(nl="Budgetperiode", en="Budget period"),
    "budget.needed": NEEDED,
    "budget.roi": ROI,
    "time_knowledge.approach": APPROACH,
    "time_knowledge.who": WHO_DOES_WHAT,
    "time_knowledge.actions": T(nl="Acties", en="Actions"),
    "content_planning.planning": T(nl="Contentplanning", en="Content planning"),
    "content_planning.start": T(nl="Start van de contentplanning", en="Start of the content plan"),
    "releases.releases": T(nl="Releases", en="Releases"),
    "optimisation.review": REVIEW,
}
MORE_ATTENTION = T(nl="… en nog {n}: zie de Aandachtspunten achteraan", en="… and {n} more: see the points of "
                   "attention at the end")
WHOLE_STRATEGY = T(nl="Hele strategie", en="Whole strategy")
TARGET_LINE = T(nl="- - doel {target}", en="- - target {target}")
FOOTER = T(nl="{team} · Strategie op één pagina · {date} · pagina {page}",
           en="{team} · Strategy on one page · {date} · page {page}")
NO_STRATEGY_YET = T(nl="Er is nog geen strategie om in een document te zetten: zodra jullie de eerste vragen "
                       "beantwoorden (`start` als jullie nog niet begonnen zijn), bouwen we hem samen op.",
                    en="There is no strategy to put in a document yet: as soon as you answer the first questions "
                       "(`start` if you haven't begun), we'll build it together.")
DOCUMENT_READY = T(nl="Jullie strategie als document, stand van {date}: de PDF om door te sturen, het Word-bestand om "
                      "aan te passen.",
                   en="Your strategy as a document, as of {date}: the PDF to pass on, the Word file to edit.")
DOCUMENT_BUTTON = T(nl="Document (PDF en Word)", en="Document (PDF and Word)")
MORE_KPIS = T(nl="… en nog {n}: zie de KPI-tabel", en="… and {n} more: see the KPI table")
MORE_GROUPS = T(nl="… en nog {n} focusgroepen: zie het document", en="… and {n} more focus groups: see the document")
IN_FULL = T(nl="Op pagina één ingekort: de volledige tekst", en="Shortened on page one: the full text")
OPEN_NO_KPI = T(nl="Nog geen KPI voor {group}", en="No KPI yet for {group}")
