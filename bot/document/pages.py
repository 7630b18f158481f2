"""The short pages a document link answers with when there is no document to hand over.

A link that was tampered with names no team we can trust, so its page speaks both languages; an expired
link and a team without a strategy yet are the team's own, so theirs speaks the team's language.
"""

from __future__ import annotations

from html import escape

from aiohttp import web

from flows.definition import Text

TITLE = Text(nl="Strategiedocument", en="Strategy document")
INVALID = Text(
    nl="Deze link naar het strategiedocument klopt niet: hij is onvolledig of veranderd. Open hem opnieuw vanuit "
       "het maandoverzicht, of typ `document` in het kanaal van het team.",
    en="This link to the strategy document is not right: it is incomplete or was changed. Open it again from the "
       "monthly summary, or type `document` in the team's channel.")
EXPIRED = Text(
    nl="Deze link naar het strategiedocument van {team} is verlopen: een link werkt {days} dagen. Het volgende "
       "maandoverzicht brengt een nieuwe; tot dan geeft `document` in het kanaal van {team} de actuele versie.",
    en="This link to {team}'s strategy document has expired: a link works for {days} days. The next monthly "
       "summary brings a new one; until then, `document` in {team}'s channel gives the current version.")
NO_STRATEGY = Text(
    nl="{team} heeft nog geen strategie om in een document te zetten. Typ `start` in het kanaal van het team, dan "
       "bouwt de coach hem samen met jullie op.",
    en="{team} has no strategy to put in a document yet. Type `start` in the team's channel and the coach will "
       "build it with you.")
GONE = Text(nl="Dit team bestaat niet meer bij de coach.", en="This team is no longer with the coach.")
FORMAT = Text(nl="Dat formaat kennen we niet: kies ?format=pdf (standaard) of ?format=docx (Word).",
              en="We don't know that format: choose ?format=pdf (the default) or ?format=docx (Word).")
FAILED = Text(nl="Het document kon nu niet gemaakt worden. Probeer het zo nog eens, of typ `document` in het kanaal "
                 "van het team.",
              en="The document could not be made just now. Try again in a moment, or type `document` in the team's "
                 "channel.")

HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


def _paragraph(text: str) -> str:
    # The one piece of Markdown these texts use: `command` as code.
    parts = escape(text).split("`")
    return "<p>" + "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts)) + "</p>"


def page(status: int, text: Text, language: str | None = None, **values: object) -> web.Response:
    """A small HTML page: in `language`, or Dutch then English when the language is not known."""
    languages = [language] if language else ["nl", "en"]
    body = "\n".join(f'<section lang="{lang}"><h1>{escape(TITLE(lang))}</h1>{_paragraph(text(lang).format(**values))}'
                     "</section>" for lang in languages)
    html = (f'<!doctype html>\n<html lang="{languages[0]}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(TITLE(languages[0]))}</title>"
            "<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;"
            "line-height:1.5;color:#222}h1{font-size:1.3rem}code{background:#f1f1f1;padding:0 .2em}</style>"
            f"</head><body>\n{body}\n</body></html>\n")
    return web.Response(status=status, text=html, content_type="text/html", charset="utf-8", headers=HEADERS)
