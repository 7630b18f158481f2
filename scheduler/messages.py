"""Every text of the monthly cycle, Dutch and English side by side (Dutch is the default)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from flows.definition import Text
from scheduler.timing import parse_period

MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}
SHORT_MONTHS = {
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
WEEKDAYS = {
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def _lang(language: str) -> str:
    return "en" if language == "en" else "nl"


@lru_cache(maxsize=1024)
def month_name(period: str, language: str) -> str:
    """"november 2026" / "November 2026": the month being measured, in words."""
    year, month = parse_period(period)
    return f"{MONTHS[_lang(language)][month - 1]} {year}"


@lru_cache(maxsize=1024)
def short_month(period: str, language: str) -> str:
    """"nov 2026" / "Nov 2026": a chart's axis label."""
    year, month = parse_period(period)
    return f"{SHORT_MONTHS[_lang(language)][month - 1]} {year}"


def day_words(day: date, language: str) -> str:
    """"dinsdag 12 januari" / "Tuesday 12 January": a deadline people read at a glance."""
    lang = _lang(language)
    return f"{WEEKDAYS[lang][day.weekday()]} {day.day} {MONTHS[lang][day.month - 1]}"


def ordinal(day: int, language: str) -> str:
    if language != "en":
        return f"{day}e"
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def number(value: float | None, language: str) -> str:
    if value is None:
        return "–"
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    if language != "en":  # 1.234,5 in Dutch
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


SCHEDULE_NOT_ALLOWED = Text(
    nl="Alleen een projectmanager kan het schema wijzigen. Een rol geef je met `rol @naam projectmanager`.",
    en="Only a project manager can change the schedule. Roles are given with `role @name projectmanager`.",
)
REMINDER_TITLE = Text(nl="KPI-waarden van {month} — {team}", en="KPI values for {month} — {team}")
REMINDER_TITLE_TEAMS = Text(nl="KPI-waarden van {month}", en="KPI values for {month}")
NUDGE_TITLE = Text(nl="Herinnering: KPI-waarden van {month} — {team}", en="Reminder: KPI values for {month} — {team}")
NUDGE_TITLE_TEAMS = Text(nl="Herinnering: KPI-waarden van {month}", en="Reminder: KPI values for {month}")
REMINDER = Text(
    nl="Hoi {name}, {month} zit erop: tijd voor de KPI-waarden van {team}. Je kunt ze invullen tot en met "
    "{deadline}. Eén klik op de knop, of typ `waarde <kpi> <getal>`.",
    en="Hi {name}, {month} is over: time for {team}'s KPI values. You can enter them until {deadline}. One "
    "click on the button, or type `value <kpi> <number>`.",
)
REMINDER_TEAMS = Text(
    nl="Hoi {name}, {month} zit erop: tijd voor de KPI-waarden van je teams. Eén klik op de knop, of typ "
    "`waarde <kpi> <getal>` in het kanaal van het team.",
    en="Hi {name}, {month} is over: time for your teams' KPI values. One click on the button, or type "
    "`value <kpi> <number>` in the team's channel.",
)
REMINDER_TEAM_HEADER = Text(nl="*{team}* (invullen tot en met {deadline}):", en="*{team}* (until {deadline}):")
REMINDER_LINE_FIRST = Text(nl="• {kpi}: doel {target}", en="• {kpi}: target {target}")
REMINDER_LINE = Text(nl="• {kpi}: vorige maand {previous}, doel {target}", en="• {kpi}: the month before {previous}, "
                     "target {target}")
NUDGE = Text(
    nl="Een vriendelijke herinnering: de KPI-waarden van {month} voor {team} ontbreken nog (invullen tot en met "
    "{deadline}). Lukt het niet? Typ `waarde <kpi> overslaan` of `afwezig <van> <tot>`.",
    en="A gentle reminder: {team}'s KPI values for {month} are still missing (until {deadline}). Can't do it? "
    "Type `value <kpi> skip` or `away <from> <to>`.",
)
NUDGE_TEAMS = Text(
    nl="Een vriendelijke herinnering: deze KPI-waarden van {month} ontbreken nog. Lukt het niet? Typ "
    "`waarde <kpi> overslaan` of `afwezig <van> <tot>`.",
    en="A gentle reminder: these KPI values for {month} are still missing. Can't do it? Type "
    "`value <kpi> skip` or `away <from> <to>`.",
)
FORM_TITLE = Text(nl="KPI-waarden", en="KPI values")
FORM_SUBMIT = Text(nl="Opslaan", en="Save")
ESCALATION_TITLE = Text(nl="Ontbrekende KPI-waarden {month} — {team}", en="Missing KPI values {month} — {team}")
ESCALATION = {
    0: Text(nl="Na de herinnering van {date} ontbreken deze waarden van {month} nog. Wil je het even navragen?",
            en="After the reminder of {date} these values for {month} are still missing. Could you follow up?"),
    1: Text(nl="Na de herinnering van {date} en één extra herinnering ontbreken deze waarden van {month} nog. Wil "
            "je het even navragen?",
            en="After the reminder of {date} and one follow-up these values for {month} are still missing. Could you "
            "follow up?"),
    2: Text(nl="Na de herinnering van {date} en twee extra herinneringen ontbreken deze waarden van {month} nog. "
            "Wil je het even navragen?",
            en="After the reminder of {date} and two follow-ups these values for {month} are still missing. Could "
            "you follow up?"),
}
ESCALATION_LINE = Text(nl="• {kpi} — {owner}", en="• {kpi} — {owner}")
NO_OWNER = Text(nl="geen eigenaar", en="no owner")

REPORT_TITLE = Text(nl="KPI-rapport {month} — {team}", en="KPI report {month} — {team}")
REPORT_INTRO = Text(nl="Zo staan de KPI's van {month} ervoor. Totaal: {overall}.", en="Here is where the KPIs for "
                    "{month} stand. Overall: {overall}.")
REPORT_PARTLY = Text(nl=" (beoordeeld op {known} van de {total} KPI's; de rest is niet ingevuld)",
                     en=" (judged on {known} of the {total} KPIs; the others have no value)")
REPORT_LINE = Text(nl="{mark} {kpi}: {value} (doel nu {expected}, einddoel {target}){trend} — {status}{late}",
                   en="{mark} {kpi}: {value} (target now {expected}, final {target}){trend} — {status}{late}")
REPORT_EMPTY = Text(nl="Er zijn nog geen KPI-waarden voor {month}.", en="There are no KPI values for {month} yet.")
CHART_ALT = Text(nl="Grafiek: {kpi} tegen het doel per maand", en="Chart: {kpi} against its target per month")
CHART_MEASURED = Text(nl="gemeten", en="measured")
TARGET = Text(nl="doel", en="target")
LATE = Text(nl=" (te laat ingevuld)", en=" (entered late)")
STATUS = {
    "on_track": Text(nl="op schema", en="on track"),
    "off_track": Text(nl="achter op schema", en="off track"),
    "missing": Text(nl="ontbreekt", en="missing"),
    "away": Text(nl="afwezig", en="away"),
    "skipped": Text(nl="overgeslagen", en="skipped"),
    "no_target": Text(nl="geen doel", en="no target"),
    "not_asked": Text(nl="per kwartaal gemeten, gevraagd als het kwartaal om is",
                      en="measured per quarter, asked when the quarter ends"),
}
MARKS = {"on_track": "🟢", "off_track": "🔴", "missing": "⚪", "away": "🌴", "skipped": "⏭", "no_target": "⚪",
         "not_asked": "🗓"}
TRENDS = {"up": "↗", "down": "↘", "flat": "→"}
TREND_WORDS = {
    "up": Text(nl="stijgend", en="rising"), "down": Text(nl="dalend", en="falling"),
    "flat": Text(nl="gelijk", en="level"),
}

EVALUATION_TITLE = Text(nl="Evaluatie {month}", en="Evaluation {month}")
EVALUATION = Text(
    nl="Het KPI-rapport van {month} is binnen. Tijd om te evalueren: wat ging goed, wat niet, en wat zijn de "
    "prioriteiten voor verbetering? Vul het formulier in, of typ `evaluatie`.",
    en="The KPI report for {month} is in. Time to evaluate: what went well, what did not, and what are the "
    "priorities for improvement? Fill in the form, or type `evaluate`.",
)
EVAL_FIELDS = (
    ("went_well", Text(nl="Wat ging goed?", en="What went well?")),
    ("went_badly", Text(nl="Wat ging niet goed?", en="What did not go well?")),
    ("priorities", Text(nl="Prioriteiten voor verbetering", en="Priorities for improvement")),
)
EVAL_SAVED = Text(nl="Dank je, de evaluatie van {month} is opgeslagen.", en="Thanks, the evaluation for {month} "
                  "is saved.")
EXPERIMENT_HINT = Text(
    nl="Zet een experiment op: `experiment <hypothese> | <kpi> | <aantal maanden>`.",
    en="Set up an experiment: `experiment <hypothesis> | <kpi> | <number of months>`.",
)

EXPERIMENT_RESULT_TITLE = Text(nl="Resultaat experiment", en="Experiment result")
EXPERIMENT_RESULT = Text(nl="Het experiment \"{hypothesis}\" ({kpi}) is afgelopen. Is het geslaagd?",
                         en="The experiment \"{hypothesis}\" ({kpi}) has ended. Did it succeed?")
SUCCEEDED = Text(nl="Geslaagd: invoeren", en="Succeeded: roll out")
FAILED = Text(nl="Niet geslaagd", en="Did not succeed")
EXPERIMENT_SAVED = Text(nl="Experiment {id} gestart: \"{hypothesis}\" ({kpi}), t/m {end}.",
                        en="Experiment {id} started: \"{hypothesis}\" ({kpi}), until {end}.")
EXPERIMENT_ROLLED_OUT = Text(nl="Experiment {id} is geslaagd en wordt ingevoerd.", en="Experiment {id} succeeded and "
                             "is rolled out.")
EXPERIMENT_CLOSED = Text(nl="Experiment {id} is afgesloten als niet geslaagd.", en="Experiment {id} is closed as not "
                         "successful.")
EXPERIMENT_STATUS = {
    "running": Text(nl="loopt", en="running"),
    "failed": Text(nl="niet geslaagd", en="did not succeed"),
    "rolled_out": Text(nl="geslaagd, ingevoerd", en="succeeded, rolled out"),
}

CHECKIN_TITLE = Text(nl="Wekelijkse check-in {team}", en="Weekly check-in {team}")
CHECKIN_STEP = Text(nl="Het team is bij stap {number} ({step}).", en="The team is at step {number} ({step}).")
CHECKIN_NOT_STARTED = Text(nl="Het team is nog niet begonnen.", en="The team has not started yet.")
CHECKIN_MEASURING = Text(nl="Het team meet {count} KPI's elke maand.", en="The team measures {count} KPIs every "
                         "month.")
CHECKIN_DONE = Text(nl="Het team heeft alle stappen doorlopen.", en="The team has been through every step.")
CHECKIN_ACTIONS = Text(nl="Acties (prioriteit, eigenaar, klaar op):", en="Actions (priority, owner, due):")
CHECKIN_ACTION = Text(nl="• {priority} {what} — {owner}, {due}{overdue}", en="• {priority} {what} — {owner}, "
                      "{due}{overdue}")
PRIORITIES = {
    "high": Text(nl="[hoog]", en="[high]"), "medium": Text(nl="[middel]", en="[medium]"),
    "low": Text(nl="[laag]", en="[low]"),
}
NO_PRIORITY = Text(nl="[–]", en="[–]")
OVERDUE = Text(nl=" ⚠ te laat", en=" ⚠ overdue")
CHECKIN_MISSING = Text(nl="Ontbrekende KPI-waarden {month}: {kpis}", en="Missing KPI values {month}: {kpis}")
CHECKIN_UNREACHABLE = Text(nl="Niet bereikbaar (de post wordt bewaard en opnieuw geprobeerd): {who}",
                           en="Could not be reached (the post is kept and retried): {who}")
# Slack replies that never arrived (storage/slack_failures.py); the coach re-sends them when the team next writes.
CHECKIN_UNDELIVERED = Text(
    nl="Niet aangekomen in het kanaal de afgelopen week (Slack was overbelast of onbereikbaar): {count} — {what}.",
    en="Did not reach the channel in the past week (Slack was overloaded or unreachable): {count} — {what}.")
UNDELIVERED_COUNT = Text(nl="{count} berichten van de coach", en="{count} messages from the coach")
UNDELIVERED_COUNT_ONE = Text(nl="1 bericht van de coach", en="1 message from the coach")
UNDELIVERED_SENT_AGAIN = Text(nl="daarna opnieuw verstuurd", en="sent again since")
UNDELIVERED_WAITING = Text(nl="nog niet opnieuw verstuurd: dat gebeurt zodra iemand in het kanaal iets schrijft",
                           en="not sent again yet: that happens as soon as someone writes in the channel")
UNDELIVERED_MIXED = Text(
    nl="{sent} daarna opnieuw verstuurd, {waiting} nog niet (volgt zodra iemand in het kanaal iets schrijft)",
    en="{sent} sent again since, {waiting} not yet (follows as soon as someone writes in the channel)")
NOTHING = Text(nl="geen", en="none")

LEADERSHIP_TITLE = Text(nl="Maandoverzicht {team} — {month}", en="Monthly summary {team} — {month}")
LEADERSHIP_STRATEGY = Text(nl="*Strategie op één pagina:*", en="*Strategy on a page:*")
LEADERSHIP_GROUP = Text(nl="• {group}: {proposition}", en="• {group}: {proposition}")
LEADERSHIP_KPIS = Text(nl="*KPI's* (totaal {overall}):", en="*KPIs* (overall {overall}):")
# {trend} is ", stijgend" / ", rising", or nothing for a KPI without a value this month.
LEADERSHIP_KPI = Text(nl="{mark} {kpi}: {value} / doel {target}{trend} ({status})",
                      en="{mark} {kpi}: {value} / target {target}{trend} ({status})")
LEADERSHIP_EVAL = Text(nl="*Evaluatie* ({count} ingevuld):", en="*Evaluation* ({count} responses):")
LEADERSHIP_EVAL_PART = {
    "went_well": Text(nl="Goed", en="Went well"), "went_badly": Text(nl="Niet goed", en="Did not"),
    "priorities": Text(nl="Prioriteit", en="Priority"),
}
LEADERSHIP_EXPERIMENTS = Text(nl="*Experimenten:*", en="*Experiments:*")
LEADERSHIP_DOCUMENT = Text(nl="*Strategiedocument:* {link}", en="*Strategy document:* {link}")
LEADERSHIP_DOCUMENT_WORD = Text(nl=" · om te bewerken in Word: {link}", en=" · to edit in Word: {link}")
LEADERSHIP_DOCUMENT_ON_REQUEST = Text(
    nl="*Strategiedocument:* de actuele versie als PDF: typ `{command}` in het kanaal van {team}.",
    en="*Strategy document:* the current version as a PDF: type `{command}` in {team}'s channel.")
LEADERSHIP_DOCUMENT_ATTACHED = Text(nl="*Strategiedocument:* bijgevoegd ({filename}).",
                                    en="*Strategy document:* attached ({filename}).")

FOLLOW_UPS = {"none": Text(nl="geen extra herinneringen", en="no follow-ups"),
              "one": Text(nl="1 extra herinnering na {nudge} dagen", en="1 follow-up after {nudge} days"),
              "more": Text(nl="{nudges} extra herinneringen om de {nudge} dagen",
                           en="{nudges} follow-ups every {nudge} days")}
SCHEDULE_DESCRIBED = Text(
    nl="KPI-herinneringen op de {day} van elke maand om {hour:02d}:00 {tz}, voor de maand ervoor (feestdagen: "
    "{country}); {follow_ups}, rapport uiterlijk na {deadline} dagen, "
    "evaluatie {evaluation} dagen na het rapport; check-in voor de projectmanager elke {weekday}; leiding: "
    "{leadership}.",
    en="KPI reminders on the {day} of every month at {hour:02d}:00 {tz}, for the month before (holidays: "
    "{country}); {follow_ups}, the report at the latest after {deadline} days, the "
    "evaluation {evaluation} days after the report; project manager check-in every {weekday}; leadership: "
    "{leadership}.",
)
SCHEDULE_LAST_DAY = Text(nl=" (of de laatste dag van de maand)", en=" (or the month's last day)")
SCHEDULE_USAGE = Text(
    nl="Wijzig het schema met bv. `schema dag 3 uur 9 tijdzone Europe/Brussels land BE herinnering 2 evaluatie 2 "
    "leiding #directie`.",
    en="Change the schedule with e.g. `schedule day 3 hour 9 timezone Europe/Brussels country BE nudge 2 "
    "evaluation 2 leadership #management`.",
)
SCHEDULE_BAD = Text(nl="Dat schema kan ik niet lezen: {problem}.", en="I can't read that schedule: {problem}.")
LEADERSHIP_DMS = Text(nl="persoonlijke berichten aan de leiding", en="direct messages to leadership")

DUE_NOTHING = Text(nl="Er staat niets voor je open. 🎉", en="Nothing is waiting for you. 🎉")
DUE_VALUES = Text(nl="KPI-waarden voor {month}: {kpis}", en="KPI values for {month}: {kpis}")
DUE_ACTIONS = Text(nl="Jouw acties: {actions}", en="Your actions: {actions}")
DUE_EVALUATION = Text(nl="De evaluatie van {month} wacht op je (`evaluatie`).", en="The evaluation for {month} is "
                      "waiting for you (`evaluate`).")

VALUE_SAVED = Text(nl="Opgeslagen: {kpi} = {value} voor {month}{late}.", en="Saved: {kpi} = {value} for "
                   "{month}{late}.")
VALUE_SKIPPED = Text(nl="{kpi} slaat {month} over.", en="{kpi} skips {month}.")
VALUE_USAGE = Text(nl="Typ `waarde <kpi> <getal>`, bv. `waarde conversieratio 2,4` (of `overslaan`).",
                   en="Type `value <kpi> <number>`, e.g. `value conversion rate 2.4` (or `skip`).")
VALUE_NO_NUMBER = Text(nl="Welke waarde heeft {kpi}? Typ het getal erachter, bv. `waarde {typed} 2,4`.",
                       en="Which value does {kpi} have? Type the number after it, e.g. `value {typed} 2.4`.")
VALUE_UNKNOWN_KPI = Text(nl="Ik ken geen KPI \"{kpi}\". De KPI's: {kpis}.", en="I don't know a KPI \"{kpi}\". The "
                         "KPIs: {kpis}.")
VALUE_NEGATIVE = Text(nl="{kpi} kan niet negatief zijn ({value}); niets opgeslagen.",
                      en="{kpi} cannot be negative ({value}); nothing was saved.")
VALUE_OVER_100 = Text(nl="{kpi} is een percentage en kan niet boven 100 % liggen ({value}); niets opgeslagen.",
                      en="{kpi} is a percentage and cannot be over 100% ({value}); nothing was saved.")
VALUE_BAD_PERIOD = Text(nl="\"{text}\" is geen maand die ik ken; typ bv. `waarde omzet 1.200 voor november`.",
                        en="\"{text}\" is not a month I know; type e.g. `value revenue 1,200 for November`.")
VALUE_FUTURE_PERIOD = Text(nl="{month} is nog niet voorbij; een waarde kan pas als de maand erop zit.",
                           en="{month} is not over yet; a value can be entered once the month has ended.")
VALUE_NOT_NUMBER = Text(nl="\"{text}\" is geen getal; typ bv. 2,4 of 1.250.", en="\"{text}\" is not a number; "
                        "type e.g. 2.4 or 1,250.")
NO_KPIS = Text(nl="Dit team heeft nog geen KPI's (die komen in stap 2, Decide).", en="This team has no KPIs yet "
               "(they come in step 2, Decide).")
AWAY_SAVED = Text(nl="Genoteerd: je bent afwezig van {start} t/m {end}. Geen herinneringen in die tijd.",
                  en="Noted: you are away from {start} to {end}. No reminders in that time.")
AWAY_USAGE = Text(nl="Typ `afwezig <van> tot <tot>`, bv. `afwezig 1 juli tot 21 juli 2027` of `afwezig juli 2027`.",
                  en="Type `away <from> to <to>`, e.g. `away 1 July to 21 July 2027` or `away July 2027`.")
EXPERIMENT_USAGE = EXPERIMENT_HINT
EXPERIMENT_UNKNOWN = Text(nl="Ik ken geen experiment {id}.", en="I don't know an experiment {id}.")
REPORT_BAD_PERIOD = Text(nl="Geef een maand, bv. `november` of `2026-11`.", en="Give a month, e.g. `November` or "
                         "`2026-11`.")
EXPORT_TITLE = Text(nl="KPI-geschiedenis (CSV)", en="KPI history (CSV)")
EXPORT_TEXT = Text(nl="De KPI-geschiedenis van {team} als CSV-bestand ({rows}), klaar voor Excel.",
                   en="{team}'s KPI history as a CSV file ({rows}), ready for Excel.")
EXPORT_ROWS = {"one": Text(nl="1 waarde", en="1 value"), "more": Text(nl="{rows} waarden", en="{rows} values")}
EXPORT_HEADER = Text(nl="maand;kpi;waarde;doel;eenheid;status;te laat;ingevuld door",
                     en="period,kpi,value,target,unit,status,late,entered_by")
EXPORT_STATUS = {"entered": Text(nl="ingevuld", en="entered"), "skipped": Text(nl="overgeslagen", en="skipped")}
EXPORT_UNITS = {"percent": Text(nl="procent", en="percent"), "money": Text(nl="euro", en="money"),
                "count": Text(nl="aantal", en="count")}
YES = Text(nl="ja", en="yes")
