"""Telling commands from answers, with one rule for every platform, in Dutch or English.

A text is a command when it is
* exactly a command, perhaps with a polite word: `help`, `status graag`, `stop maar`;
* a command with the argument that command takes: `wijzig kernwaarden`, `taal en`, `rol @anna pm`;
* anything after a `/` (or `/coach`): the coach was addressed, so an unknown word is an unknown
  command, never an answer. Adapters turn "@coach status" into `/status` (see `command_word`).

A text that merely starts with a command word is an answer: "Help thuiszorgmedewerkers hun tijd
aan patiënten te besteden", "Change the way home care is planned". Only a command word followed
by one or two words that fit no command is truly unclear (`possible_command`): the engine then asks
which was meant, keeping the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from flows.definition import Flow
from flows.editing import resolve_edit_target
from flows.parse_common import fold
from flows.roles import parse_role_request

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
# The phrases by their first word, longest first: every text is checked, so one dict lookup, not sixty.
_BY_FIRST_WORD: dict[str, list[tuple[str, str]]] = {}
for _phrase, _name in _PHRASES:
    _BY_FIRST_WORD.setdefault(_phrase.split(" ", 1)[0], []).append((_phrase, _name))
# Words that make a command polite, not an answer: "help me", "status graag", "stop maar".
_POLITE_WORDS = "graag aub a.u.b alsjeblieft alstublieft please pls plz nu maar even me mij now thanks bedankt dank"
_POLITE = frozenset(_POLITE_WORDS.split())
LANGUAGE_WORDS = {"nl": "nl", "nederlands": "nl", "dutch": "nl", "vlaams": "nl", "en": "en", "english": "en",
                  "engels": "en"}
# At most this many words after a command word that fit no command make a text unclear; more is an answer.
UNCLEAR_WORDS = 2


@dataclass(frozen=True)
class Command:
    name: str
    arg: str = ""


def _clean(text: str) -> str:
    return " ".join(text.strip().split())


def command_word(text: str | None) -> Command | None:
    """The command a text starts with, the rest as its argument ("help ons groeien" -> help, "ons groeien").

    Not a decision: "Help home care nurses ..." starts with `help` too. For adapters that know a text was
    addressed to the coach (an @mention): when this finds a command, pass the text on as `/` + text.
    """
    if not text:
        return None
    cleaned = _clean(text).lstrip("/")
    if cleaned.lower().startswith("coach "):
        cleaned = cleaned[len("coach "):]
    lowered = cleaned.lower()
    bare = lowered.rstrip("!.?") or lowered  # "help!", "status." ("?" alone stays "?")
    for phrase, name in _BY_FIRST_WORD.get(bare.split(" ", 1)[0], ()):
        if bare == phrase:
            return Command(name)
        if lowered.startswith(phrase + " "):
            return Command(name, cleaned[len(phrase):].strip())
    return None


def _polite(arg: str) -> bool:
    return all(word.strip(",!") in _POLITE for word in fold(arg).split())


def _fits(name: str, arg: str, flow: Flow | None) -> bool:
    """Whether `arg` is the argument command `name` takes."""
    if name == "edit":
        return flow is not None and resolve_edit_target(flow, arg) is not None
    if name == "language":
        return fold(arg) in LANGUAGE_WORDS
    if name == "role":
        return parse_role_request(arg) is not None
    return False


def parse_command(text: str | None, flow: Flow | None = None) -> Command | None:
    """The command `text` is, or None when it is an answer (or unclear: see `possible_command`).

    `flow` lets `wijzig <onderdeel>` be recognised by its argument; without it only a bare `wijzig` is.
    """
    if not text:
        return None
    cleaned = _clean(text)
    command = command_word(cleaned)
    if cleaned.startswith("/"):
        bare = cleaned.lstrip("/").strip()
        if bare.lower() == "coach":
            return Command("help")
        return command or Command("unknown", cleaned)
    if command is None:
        return None
    if not command.arg or _polite(command.arg):
        return Command(command.name)
    return command if _fits(command.name, command.arg, flow) else None


def possible_command(text: str | None, flow: Flow | None = None) -> Command | None:
    """A text that starts with a command word followed by one or two words that fit no command: unclear."""
    if parse_command(text, flow) is not None:
        return None
    command = command_word(text)
    if command is None or len(command.arg.split()) > UNCLEAR_WORDS:
        return None
    return command
