"""Everything the engine itself says (not the model's questions), in Dutch and English."""

from __future__ import annotations

from flows.definition import Text

T = Text

WELCOME = T(
    nl="Hoi! Ik ben jullie strategiecoach. In vier stappen (Discover, Decide, Translate, Achieve) bouwen we samen "
    "jullie digitale marketingstrategie: één vraag tegelijk. Typ `start` om te beginnen, `help` voor uitleg.",
    en="Hi! I'm your strategy coach. In four steps (Discover, Decide, Translate, Achieve) we build your digital "
    "marketing strategy together, one question at a time. Type `start` to begin, `help` for guidance.",
)
STARTED = T(
    nl="Daar gaan we. Focusgroepen + proposities + KPI's = strategie. Jullie kunnen altijd `help`, `status`, `terug`, "
    "`overslaan`, `wijzig`, `samenvatting` of `stop` typen.",
    en="Here we go. Focus groups + Propositions + KPIs = Strategy. You can always type `help`, `status`, `back`, "
    "`skip`, `edit`, `summary` or `stop`.",
)
ALREADY_STARTED = T(  # {where} may end in "?" ("Why, how, what?"): no full stop straight after it
    nl="Jullie zijn al bezig ({where}). We gaan verder waar jullie waren.",
    en="You're already under way ({where}). Let's carry on where you were.",
)
ALREADY_DONE = T(
    nl="Jullie strategie is compleet. Typ `samenvatting` om hem te zien, `wijzig` om iets aan te passen.",
    en="Your strategy is complete. Type `summary` to see it, `edit` to change something.",
)
DONE_BUT_OPEN = T(
    nl="Jullie strategie is bijna klaar; nog open: {items}. Vul het aan met `wijzig <onderdeel>`, of typ "
    "`samenvatting` om hem te zien.",
    en="Your strategy is almost done; still open: {items}. Fill it in with `edit <part>`, or type `summary` to see it.",
)
FINISHED = T(
    nl="Klaar! Dit is jullie strategie op één pagina. Vanaf nu houd ik jullie scherp met de maandelijkse cyclus: "
    "meten, evalueren, optimaliseren.",
    en="Done! Here is your strategy on one page. From now on I'll keep you sharp with the monthly cycle: "
    "measure, evaluate, optimise.",
)
NOT_STARTED = T(
    nl="We zijn nog niet begonnen. Typ `start` om te beginnen.",
    en="We haven't started yet. Type `start` to begin.",
)
PAUSED = T(
    nl="Gepauzeerd. Alles is bewaard; typ `verder` (of `start`) om precies hier verder te gaan.",
    en="Paused. Everything is saved; type `continue` (or `start`) to pick up exactly here.",
)
SAVED = T(nl="Bewaard.", en="Saved.")
ELEMENT_DONE = T(nl="{element} is ingevuld.", en="{element} is done.")
QUESTION_PROGRESS = T(nl="vraag {n} van {total}", en="question {n} of {total}")
FOR_ITEM = T(nl="({n} van {total}: {item})", en="({n} of {total}: {item})")

EMPTY = T(
    nl="Ik zie nog geen antwoord. Typ jullie antwoord, of `overslaan` om deze vraag later te doen.",
    en="I don't see an answer yet. Type your answer, or `skip` to come back to this question later.",
)
TOO_LONG = T(
    nl="Dat antwoord is {length} tekens lang; ik bewaar er hooguit {limit}, dus dit heb ik niet opgeslagen. Je "
    "bericht staat nog hierboven: kort het in en stuur het opnieuw.",
    en="That answer is {length} characters long; I keep at most {limit}, so I have not saved this one. Your "
    "message is still above: shorten it and send it again.",
)
NOT_UNDERSTOOD = T(
    nl="Dat kon ik niet lezen als {expected}. {example}",
    en="I couldn't read that as {expected}. {example}",
)
PERCENT_OVER_100 = T(nl="{label}: een percentage kan niet boven 100 % liggen ({value}).",
                     en="{label}: a percentage cannot be over 100% ({value}).")
DATE_IN_THE_PAST = T(nl="{day} ligt al achter ons; een deadline ligt in de toekomst. Welke datum bedoelen jullie?",
                     en="{day} has already passed; a deadline lies ahead. Which date do you mean?")
OUT_OF_RANGE = T(  # read fine, but impossible: a percentage of 1.000,5, a negative amount, a period already over
    nl="Dat kan niet kloppen als {expected}. {example}",
    en="That can't be right as {expected}. {example}",
)
DRAFT_KEPT = T(
    nl="Ik heb jullie antwoord als concept bewaard en gemarkeerd; verbeter het later met `wijzig {element}`. "
    "We gaan verder.",
    en="I've kept your answer as a draft and flagged it; improve it later with `edit {element}`. Let's move on.",
)
STALE_BUTTON = T(
    nl="Die knop hoort bij een eerdere vraag. De huidige vraag staat hieronder.",
    en="That button belongs to an earlier question. The current question is below.",
)
UNKNOWN_COMMAND = T(
    nl="`{command}` ken ik niet. Typ `help` voor wat ik kan.",
    en="I don't know `{command}`. Type `help` to see what I can do.",
)
AT_FIRST = T(
    nl="Dit is de eerste vraag; verder terug kan niet.",
    en="This is the first question; there's no going back further.",
)
SKIPPED = T(
    nl="Overgeslagen; deze vraag blijft open in `status`.",
    en="Skipped; this question stays open in `status`.",
)
STEP_SKIPPED = T(
    nl="{step} overgeslagen. Jullie kunnen de vragen later nog beantwoorden met `wijzig`.",
    en="{step} skipped. You can still answer its questions later with `edit`.",
)
STEP_NOT_SKIPPABLE = T(
    nl="Deze stap kunnen jullie niet als geheel overslaan; alleen Discover (als jullie al weten waar jullie voor "
    "staan). "
    "Typ `overslaan` om alleen deze vraag over te slaan.",
    en="This step can't be skipped as a whole; only Discover can (if you already know what you stand for). "
    "Type `skip` to skip just this question.",
)
EDIT_WHAT = T(nl="Wat willen jullie wijzigen?", en="What would you like to change?")
EDIT_UNKNOWN = T(
    nl="Ik weet niet welk onderdeel `{what}` is. Kies er een:",
    en="I don't know which part `{what}` is. Pick one:",
)
EDIT_CURRENT = T(
    nl="Huidig antwoord: {value}\nJullie nieuwe antwoord vervangt dit (het oude blijft bewaard in de geschiedenis).",
    en="Current answer: {value}\nYour new answer replaces it (the old one stays in the history).",
)
EDIT_NONE = T(nl="Hier is nog geen antwoord op.", en="There's no answer to this yet.")
EDIT_BACK = T(nl="Gewijzigd. We gaan verder waar jullie waren.", en="Changed. Back to where you were.")
RESTART_CONFIRM = T(
    nl="Weten jullie het zeker? We beginnen dan weer bij de eerste vraag. Jullie antwoorden blijven bewaard "
    "en verschijnen als huidig antwoord.",
    en="Are you sure? We'll start again at the first question. Your answers are kept and shown as the "
    "current answer.",
)
RESTART_DONE = T(nl="We beginnen opnieuw.", en="Starting over.")
RESTART_CANCELLED = T(nl="Niet opnieuw begonnen; we gaan verder.", en="Not starting over; let's carry on.")
RESTART_NOT_ALLOWED = T(
    nl="Alleen een projectmanager kan het team opnieuw laten beginnen. Een rol geef je met "
    "`rol @naam projectmanager`.",
    en="Only a project manager can start the team over. Roles are given with `role @name projectmanager`.",
)
LANGUAGE_SET = T(nl="Ik spreek vanaf nu Nederlands.", en="I'll speak English from now on.")
LANGUAGE_WHICH = T(nl="Welke taal? `taal nl` of `taal en`.", en="Which language? `language nl` or `language en`.")
YES = T(nl="Ja", en="Yes")
NO = T(nl="Nee", en="No")

FORM_FIELD = T(nl="{form} · {label} ({n}/{total})", en="{form} · {label} ({n}/{total})")
# In brackets after the hint, which ends without a full stop ("bv. 2,1"): it no longer runs on into it.
FORM_OPTIONAL = T(nl="(optioneel: typ `-` om over te slaan)", en="(optional: type `-` to skip)")
FORM_MISSING = T(nl="{label} is verplicht.", en="{label} is required.")
FORM_FIX = T(nl="Bijna: {problems}", en="Almost: {problems}")
FORM_OPEN = T(nl="Invullen", en="Fill in")
COLLECT_MORE = T(
    nl="{name} toegevoegd ({n} in totaal). Nog een? Vul de volgende in, of typ `klaar`.",
    en="{name} added ({n} in all). Another one? Fill in the next, or type `done`.",
)
COLLECT_NEED = T(nl="Voeg er minstens {n} toe voordat jullie `klaar` typen.",
                 en="Add at least {n} before typing `done`.")
DONE_WORD = T(nl="Klaar", en="Done")

# The SMART hint itself is the rule `kpi_smart` in flows/data/rules.yaml; these name what a KPI misses.
SMART_MISSING = {
    "target": T(nl="er staat geen doelwaarde in (meetbaar)", en="it has no target value (measurable)"),
    "deadline": T(nl="er is geen deadline (tijdgebonden)", en="it has no deadline (time-bound)"),
    "owner": T(nl="niemand is eigenaar", en="nobody owns it"),
}
ROI_RESULT = T(
    nl="ROI = ((opbrengsten − kosten) / kosten) × 100 = (({revenue} − {cost}) / {cost}) × 100 = {roi}. {meaning}",
    en="ROI = ((revenue − cost) / cost) × 100 = (({revenue} − {cost}) / {cost}) × 100 = {roi}. {meaning}",
)
ROI_MEANING = T(
    nl="Elke geïnvesteerde euro levert {per_euro} op.",
    en="Every euro invested brings in {per_euro}.",
)
ROI_NEEDS_REVENUE = T(
    nl="Voor de ROI heb ik de opbrengsten nodig, of het aantal conversies én de waarde per conversie.",
    en="For the ROI I need the revenue, or the number of conversions and the value per conversion.",
)

HELP_COMMANDS = T(
    nl="Commando's: `help` · `status` · `terug` · `overslaan` (deze vraag) · `overslaan stap` (alleen Discover) · "
    "`wijzig <onderdeel>` · `samenvatting` · `opnieuw` · `taal en` · `rol @naam projectmanager` · `stop`",
    en="Commands: `help` · `status` · `back` · `skip` (this question) · `skip step` (Discover only) · "
    "`edit <part>` · `summary` · `restart` · `language nl` · `role @name projectmanager` · `stop`",
)
HELP_EXAMPLE = T(nl="Voorbeeld: {example}", en="Example: {example}")
STATUS_TITLE = T(nl="Waar staan we?", en="Where are we?")
STATUS_NOW = T(nl="Nu: {where}", en="Now: {where}")
STATUS_OPEN = T(nl="Nog open: {items}", en="Still open: {items}")
STATUS_DRAFTS = T(nl="Concepten om te verbeteren: {items}", en="Drafts to improve: {items}")
STATUS_NOTHING_OPEN = T(nl="Niets meer open.", en="Nothing left open.")
# Under way, "Niets meer open" read as if the walk were done, with forty questions still to come.
STATUS_NOTHING_BEHIND = T(nl="Tot nu toe is niets overgeslagen of open gebleven.",
                          en="Nothing skipped or left open so far.")

# What an answer of each kind should look like, for re-prompts.
EXPECTED = {
    "text": T(nl="tekst", en="text"),
    "list": T(nl="een lijst", en="a list"),
    "choice": T(nl="een van de keuzes", en="one of the choices"),
    "axis": T(nl="een positie van 1 tot 5", en="a position from 1 to 5"),
    "number": T(nl="een getal", en="a number"),
    "percent": T(nl="een percentage", en="a percentage"),
    "money": T(nl="een bedrag", en="an amount"),
    "date": T(nl="een datum", en="a date"),
    "period": T(nl="een periode", en="a period"),
    "long_text": T(nl="tekst", en="text"),
}
EXAMPLES = {
    "list": T(nl="Zet elk punt op een eigen regel, of scheid ze met komma's: `kwaliteit, eerlijkheid, lef`.",
              en="Put each item on its own line, or separate them with commas: `quality, honesty, courage`."),
    "choice": T(nl="Typ het nummer of de naam van een keuze: {options}.",
                en="Type the number or the name of a choice: {options}."),
    "axis": T(nl="Typ 1 (helemaal {left}) tot 5 (helemaal {right}), 3 voor balans, of een verdeling als `70/30`.",
              en="Type 1 (fully {left}) to 5 (fully {right}), 3 for balance, or a split like `70/30`."),
    "number": T(nl="Bijvoorbeeld `1.250`, `1.000,50` of `5k`.", en="For example `1,250`, `1,000.50` or `5k`."),
    "percent": T(nl="Bijvoorbeeld `25%` of `2,5%`.", en="For example `25%` or `2.5%`."),
    "money": T(nl="Bijvoorbeeld `€ 5.000` of `€ 1.250,50`.", en="For example `€ 5,000` or `€ 1,250.50`."),
    "date": T(nl="Bijvoorbeeld `1 juni 2027`, `2027-06-01`, `Q2 2027` of `eind dit jaar`.",
              en="For example `1 June 2027`, `2027-06-01`, `Q2 2027` or `end of this year`."),
    "period": T(nl="Bijvoorbeeld `Q1 2027`, `juni 2027`, `2027` of `komende 6 maanden`.",
                en="For example `Q1 2027`, `June 2027`, `2027` or `next 6 months`."),
    "text": T(nl="Een paar zinnen is genoeg.", en="A few sentences will do."),
    "long_text": T(nl="Een paar zinnen is genoeg.", en="A few sentences will do."),
}
AMBIGUOUS = T(
    nl="Ik zie meer dan één mogelijkheid; geef er één.",
    en="I see more than one possibility; please give one.",
)

OUTSIDE_COMMAND_AGAIN = T(
    nl="`{typed}` kon ik niet lezen als commando. Typ `/{word}` om te zien hoe `{word}` werkt; met een `/` ervoor "
    "lees ik een tekst altijd als commando. De vraag staat nog open:",
    en="I couldn't read `{typed}` as a command. Type `/{word}` to see how `{word}` works; with a `/` in front, "
    "a text is always read as a command. The question is still open:",
)
COMMAND_OR_ANSWER = T(
    nl="Bedoel je het commando `{command}`, of is dit je antwoord? “{text}”",
    en="Do you mean the command `{command}`, or is this your answer? “{text}”",
)
AS_COMMAND = T(nl="Commando {command}", en="Command {command}")
AS_ANSWER = T(nl="Dit is mijn antwoord", en="This is my answer")
TOO_VAGUE = T(
    nl="Dat is te vaag: bedoel je {suggestion}? Typ dan `{suggestion}`, of een precieze datum.",
    en="That's too vague: do you mean {suggestion}? Then type `{suggestion}`, or a precise date.",
)
WHICH_YEAR = T(
    nl="Bedoel je tot eind {this} (dat is al over een paar weken) of tot eind {next}? "
    "Typ `tot eind {this}` of `tot eind {next}`.",
    en="Do you mean until the end of {this} (only a few weeks away) or until the end of {next}? "
    "Type `until end of {this}` or `until end of {next}`.",
)
UNTIL_END_OF = T(nl="Tot eind {year}", en="Until end of {year}")
SKIPPED_UNKNOWN = T(
    nl="Geen probleem, die slaan we over. Weten jullie het later wel, vul het dan aan met `wijzig {element}`.",
    en="No problem, we'll skip that one. Once you know, add it with `edit {element}`.",
)
SKIPPED_KEPT = T(
    nl="Overgeslagen; het huidige antwoord blijft staan: {value}",
    en="Skipped; the current answer stays as it is: {value}",
)
EDIT_EACH = T(
    nl="We lopen ze een voor een langs; bij elk staat het huidige antwoord. Typ `overslaan` om er een te laten "
    "zoals hij is.",
    en="We'll go through them one by one, each with its current answer. Type `skip` to leave one as it is.",
)
EDIT_BACK_UNCHANGED = T(nl="Niets gewijzigd. We gaan verder waar jullie waren.",
                        en="Nothing changed. Back to where you were.")

# --- coaching: challenges, kept points, recaps (issue 15) ------------------------------------------
PICK_TOP = T(
    nl="Typ de nummers of namen van jullie top {n}:\n{items}",
    en="Type the numbers or names of your top {n}:\n{items}",
)
PICK_UNREAD = T(
    nl="Ik herkende geen van de punten uit de lijst. Typ bijvoorbeeld `1, 3, 4`.",
    en="I didn't recognise any of the listed points. Type for example `1, 3, 4`.",
)
LATER_KEPT = T(nl="Bewaard voor later: {items}.", en="Kept for later: {items}.")
KEPT_NOTED = T(
    nl="Genoteerd als aandachtspunt: {label}. Jullie kunnen het later nog aanscherpen met `wijzig {element}`.",
    en="Noted as a point of attention: {label}. You can still sharpen it later with `edit {element}`.",
)
CHALLENGE_BEFORE_DONE = T(nl="Eerst nog deze: aanscherpen of zo houden? Daarna kunnen jullie `klaar` typen.",
                          en="This one first: sharpen it or keep it as it is? Then you can type `done`.")
CHALLENGE_BEFORE_MOVING = T(
    nl="Eerst nog deze, anders gaat jullie antwoord verloren: aanscherpen of zo houden? "
    "Typ daarna opnieuw `{command}`.",
    en="This one first, or your answer would be lost: sharpen it or keep it as it is? Then type `{command}` again.",
)
RECAP_KPI_BY = T(nl="uiterlijk {date}", en="by {date}")
RECAP_KPI_OVERALL = T(nl="alle focusgroepen", en="all focus groups")
NEW_GROUP_ADDED = T(nl="Nu ook bij jullie doelgroepen: {items}.",  # one group or several: no verb to agree
                    en="Now among your target groups too: {items}.")
STEEP_NO_BASELINE = T(nl="zonder nulmeting", en="without a baseline")
STEEP_RATIO = T(nl="van {baseline} naar {target}", en="from {baseline} to {target}")
PM_ROLE_OFFER = T(
    nl="Zal ik {name} ook de rol projectmanager in deze bot geven? Dan krijgt {name} de wekelijkse check-ins.",
    en="Shall I give {name} the project manager role in this bot too? Then {name} gets the weekly check-ins.",
)
PM_ROLE_BUTTON = T(nl="Ja, maak {name} projectmanager", en="Yes, make {name} project manager")
RECAP_TITLE = T(nl="{step} · samengevat", en="{step} · recap")
RECAP_ASK = T(nl="Klopt dit?", en="Is this right?")
RECAP_CONFIRM = T(nl="Klopt", en="Correct")
RECAP_CHANGE = T(nl="Wijzig", en="Change")
RECAP_KEPT = T(nl="Aandachtspunten: {items}", en="Points of attention: {items}")
RECAP_OPEN = T(nl="Nog open: {items}", en="Still open: {items}")
RECAP_GAPS = T(nl="Nog niet compleet: {items}", en="Not complete yet: {items}")
RECAP_WHICH = T(nl="Wat willen jullie wijzigen?", en="What would you like to change?")
RECAP_NOTHING = T(nl="_nog niets ingevuld_", en="_nothing filled in yet_")
ALMOST_DONE = T(
    nl="Bijna klaar! Dit staat nog open: {items}. Vul het aan met `wijzig <onderdeel>`; hieronder jullie "
    "strategie op één pagina zoals hij nu is.",
    en="Almost done! Still open: {items}. Fill it in with `edit <part>`; below is your strategy on one page as it "
    "stands.",
)
STATUS_KEPT = T(nl="Aandachtspunten (bewust zo gehouden): {items}", en="Points of attention (kept on purpose): {items}")
OPEN_REASONS = {
    "no_kpi": T(nl="{item}: geen KPI", en="{item}: no KPI"),
    "kpi_without_group": T(nl="KPI {item}: zijn focusgroep is geschrapt", en="KPI {item}: its focus group was removed"),
    "draft": T(nl="{title} ({item}, concept)", en="{title} ({item}, draft)"),
}
GAP_FILL = T(
    nl="Focusgroep {item} mist nog: {title}. Die vraag stel ik nu even.",
    en="Focus group {item} still lacks: {title}. I'll ask that now.",
)
GAP_KPI = T(
    nl="Focusgroep {item} heeft nog geen KPI. Voeg er een toe, of typ `klaar`.",
    en="Focus group {item} has no KPI yet. Add one, or type `done`.",
)
ROI_NOTE = T(nl="Let op: deze ROI rekent met omzet, niet met marge.", en="Note: this ROI counts revenue, not margin.")
ROI_LINE = T(nl="ROI {roi} (op omzet, niet op marge)", en="ROI {roi} (on revenue, not margin)")

HALF_ENTERED = T(
    nl="Je was nog een {form} aan het invullen ({filled}). Wil je die afmaken, of weggooien en stoppen?",
    en="You were still filling in a {form} ({filled}). Finish it, or discard it and stop?",
)
HALF_ENTERED_FINISH = T(nl="Afmaken", en="Finish it")
HALF_ENTERED_DISCARD = T(nl="Weggooien", en="Discard it")
HALF_ENTERED_DISCARDED = T(nl="Weggegooid.", en="Discarded.")
