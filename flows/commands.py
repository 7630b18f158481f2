"""Recognising commands typed at any question, in Dutch or English, with or without a leading `/`.

A text is a command only when its first word(s) match exactly; anything else is an answer.
"""

from __future__ import annotations

from dataclasses import dataclass

# command name -> the words that invoke it (longest phrases are tried first)
COMMANDS: dict[str, tuple[str, ...]] = {
    "skip_step": ("overslaan stap", "stap overslaan", "sla stap over", "skip step", "skip discover",
                  "discover overslaan"),
    "start": ("start", "begin", "beginnen"),
    "continue": ("verder", "doorgaan", "continue", "resume"),
    "help": ("help", "hulp", "?", "uitleg"),
    "status": ("status", "voortgang", "progress", "waar staan we"),
    "back": ("terug", "vorige", "back", "previous"),
    "skip": ("overslaan", "sla over", "skip", "later"),
    "edit": ("wijzig", "wijzigen", "aanpassen", "edit", "change"),
    "restart": ("opnieuw", "begin opnieuw", "opnieuw beginnen", "reset", "restart", "start over"),
    "summary": ("samenvatting", "strategie", "overzicht", "summary", "strategy"),
    "language": ("taal", "language", "lang"),
    "stop": ("stop", "pauze", "pause", "quit", "exit"),
    "role": ("rol", "role"),
    "done": ("klaar", "done", "finished", "gereed"),
}
_PHRASES = sorted(((w, name) for name, words in COMMANDS.items() for w in words), key=lambda p: -len(p[0]))
# Commands that take an argument; the others must stand alone, so "stop met folders" stays an answer.
_WITH_ARGUMENT = {"edit", "language", "role", "help"}


@dataclass(frozen=True)
class Command:
    name: str
    arg: str = ""


def parse_command(text: str | None) -> Command | None:
    if not text:
        return None
    cleaned = " ".join(text.strip().split())
    had_slash = cleaned.startswith("/")
    lowered = cleaned.lstrip("/").lower().rstrip("!.")
    for phrase, name in _PHRASES:
        if lowered == phrase:
            return Command(name)
        if lowered.startswith(phrase + " ") and name in _WITH_ARGUMENT:
            return Command(name, cleaned.lstrip("/")[len(phrase):].strip())
    if had_slash:
        return Command("unknown", cleaned)
    return None
