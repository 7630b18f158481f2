"""What the coach says around a file in Teams, in Dutch and English (the team's language).

`{what}` is "het document" / "the document" for the strategy document, "het bestand" / "the file" for
anything else (the KPI export); `{again}` is the command that hands it over anew.
"""

from __future__ import annotations

WHAT = {"nl": {True: "het document", False: "het bestand"}, "en": {True: "the document", False: "the file"}}

TO_PERSONAL_CHAT = {"nl": "Ik stuur {what} in je persoonlijke chat met de coach.",
                    "en": "I'm sending {what} to your personal chat with the coach."}
NO_PERSONAL_CHAT = {
    "nl": "In een kanaal kan ik geen bestanden geven, en je persoonlijke chat met de coach kon ik niet openen. "
          "Open de coach bij *Apps* en typ daar **{again}**.",
    "en": "I can't hand over files in a channel, and I couldn't open your personal chat with the coach. "
          "Open the coach under *Apps* and type **{again}** there.",
}
ASK_IN_PERSONAL_CHAT = {
    "nl": "📎 {filename}: in een kanaal kan ik geen bestanden geven. Typ **{again}** in je persoonlijke chat "
          "met de coach.",
    "en": "📎 {filename}: I can't hand over files in a channel. Type **{again}** in your personal chat with "
          "the coach.",
}
UPLOADED = {"nl": "**{filename}** staat nu in je OneDrive.", "en": "**{filename}** is in your OneDrive now."}
DECLINED = {"nl": "Prima, ik stuur **{filename}** niet. Wil je het later toch? Typ **{again}**.",
            "en": "Fine, I won't send **{filename}**. Want it after all? Type **{again}**."}
EXPIRED = {
    "nl": "**{filename}** is verlopen: ik bewaar een bestand {days} dagen tot je het aanneemt. Typ **{again}** "
          "voor een nieuw exemplaar.",
    "en": "**{filename}** has expired: I keep a file for {days} days until you accept it. Type **{again}** for "
          "a fresh copy.",
}
UNKNOWN = {
    "nl": "Dat bestand heb ik niet (meer). Typ **{again}** om het opnieuw te krijgen.",
    "en": "I don't have that file (any more). Type **{again}** to get it again.",
}
UPLOAD_FAILED = {
    "nl": "Het lukte niet om **{filename}** in je OneDrive te zetten. Probeer het zo nog eens via de kaart, "
          "of typ **{again}**.",
    "en": "I couldn't put **{filename}** in your OneDrive. Try the card again in a moment, or type **{again}**.",
}
BUSY = {"nl": "Ik ben **{filename}** al aan het versturen.", "en": "I'm already sending **{filename}**."}
AGAIN_FALLBACK = {"nl": "document", "en": "document"}  # when the file named no command of its own


def language_of(language: str | None) -> str:
    return "en" if language == "en" else "nl"
