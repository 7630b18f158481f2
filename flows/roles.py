"""The `rol`/`role` command: who is project manager or leadership in a team.

Forms accepted: `rol @anna projectmanager`, `role <@U123|anna> leadership`, `rol ik pm`,
`rol weg @anna pm` / `role remove @anna pm`. Mentions arrive as Slack's `<@U123|name>` or as a
plain name (console, Teams after the mention is stripped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flows.definition import Text
from flows.types import Reply, ReplyKind, Role

_ROLE_WORDS = {
    Role.PROJECT_MANAGER: ("projectmanager", "project_manager", "project-manager", "pm", "projectleider"),
    Role.LEADERSHIP: ("leiding", "leadership", "management", "directie", "lead"),
    Role.MEMBER: ("lid", "member", "teamlid"),
}
_SELF = ("ik", "me", "mij", "myself", "mijzelf")
_REMOVE = ("weg", "remove", "verwijder", "intrekken", "revoke")
_SLACK_MENTION = re.compile(r"<@(?P<id>[^|>\s]+)(?:\|(?P<name>[^>]+))?>")


@dataclass(frozen=True)
class RoleRequest:
    role: str
    user_id: str | None  # None: the person who typed it
    user_name: str | None
    remove: bool = False
    mentioned: bool = True  # False: a plain name, which names nobody on a chat platform until matched


def _role(word: str) -> str | None:
    word = word.lower().strip(".,")
    return next((role for role, words in _ROLE_WORDS.items() if word in words), None)


_TWO_WORD_ROLE = re.compile(r"\bproject\s+(?:manager|leader|leider)\b", re.IGNORECASE)


def parse_role_request(arg: str) -> RoleRequest | None:
    # "project manager" in two words, as the English replies themselves write it ("anna is now project manager").
    words = _TWO_WORD_ROLE.sub("projectmanager", arg).split()
    remove = bool(words) and words[0].lower() in _REMOVE
    if remove:
        words = words[1:]
    if len(words) < 2:
        return None
    role = _role(words[-1])
    if role is None:
        return None
    who = " ".join(words[:-1])
    mention = _SLACK_MENTION.fullmatch(who)
    if mention:
        return RoleRequest(role, mention["id"], mention["name"], remove)
    if who.lower() in _SELF:
        return RoleRequest(role, None, None, remove)
    name = who.lstrip("@")
    return RoleRequest(role, name, name, remove, mentioned=False) if name else None


_USAGE = Text(
    nl="Zo geef je een rol: `rol @naam projectmanager` of `rol @naam leiding` (`rol ik pm` voor jezelf). "
    "Intrekken: `rol weg @naam pm`.",
    en="To give a role: `role @name projectmanager` or `role @name leadership` (`role me pm` for yourself). "
    "To take it back: `role remove @name pm`.",
)
_NOT_ALLOWED = Text(
    nl="Alleen een projectmanager van dit team kan rollen toekennen.",
    en="Only a project manager of this team can hand out roles.",
)
_WHO_IS_THAT = Text(
    nl="Ik weet nog niet wie {name} is in dit team. Noem de persoon met een vermelding, dan weet ik wie je bedoelt: "
    "`rol @{name} projectmanager`.",
    en="I don't know who {name} is in this team yet. Mention the person, so I know whom you mean: "
    "`role @{name} projectmanager`.",
)
_ROLE_NAMES = {
    Role.PROJECT_MANAGER: Text(nl="projectmanager", en="project manager"),
    Role.LEADERSHIP: Text(nl="leiding", en="leadership"),
    Role.MEMBER: Text(nl="teamlid", en="team member"),
}


class role_replies:
    @staticmethod
    def who_is(language: str, name: str) -> list[Reply]:
        return [Reply(ReplyKind.HELP, _WHO_IS_THAT(language).format(name=name))]

    @staticmethod
    def usage(language: str) -> list[Reply]:
        return [Reply(ReplyKind.HELP, _USAGE(language))]

    @staticmethod
    def not_allowed(language: str) -> list[Reply]:
        return [Reply(ReplyKind.PROBLEM, _NOT_ALLOWED(language))]

    @staticmethod
    def changed(language: str, who: str, role: str, removed: bool) -> list[Reply]:
        role_name = _ROLE_NAMES[Role(role)](language)
        if language == "en":
            text = f"{who} is no longer {role_name}." if removed else f"{who} is now {role_name}."
        else:
            text = f"{who} is geen {role_name} meer." if removed else f"{who} is nu {role_name}."
        return [Reply(ReplyKind.CONFIRM, text)]
