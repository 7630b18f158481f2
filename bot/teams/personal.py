"""A personal (1:1) chat with the coach belongs to the person, and is about one of their teams at a time.

A reminder or check-in posted there for a team makes that team the chat's team, and its card buttons
carry the team, so the button answers that team even after a later post for another. Typed answers go
to the chat's team; someone in several teams who has none yet is asked which one (and what they typed
is then handled for the team they pick, within a day: it waits in the database, `teams_waiting_inputs`, not
in memory); someone in no team at all gets the chat as a team of their own (to try the coach alone).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.teams import references
from flows.types import Choice, Inbound, Reply, ReplyKind

CHOOSE_TEAM = "teams:choose_team"  # the question id of the "which team?" card
WAITS_FOR = timedelta(days=1)  # what was typed before the question, handled when a team is chosen within this
_WAITING_FIELDS = ("user_name", "text", "choice", "form", "question_id", "question_version", "language")

_ASK = {"nl": "Je zit in meerdere teams. Over welk team gaat dit gesprek?",
        "en": "You are in more than one team. Which team is this chat about?"}
_NOW = {"nl": "Dit gesprek gaat nu over **{team}**.", "en": "This chat is now about **{team}**."}
_TOO_OLD = {"nl": "Wat je eerder typte (\"{text}\") heb ik niet gebruikt: het is meer dan een dag oud. "
                   "Stuur het opnieuw als het nog klopt.",
            "en": "I did not use what you typed earlier (\"{text}\"): it is more than a day old. "
                  "Send it again if it still holds."}
_NOT_YOURS = {"nl": "Dat team ken ik niet van jou; kies een van je eigen teams.",
              "en": "I don't know you from that team; pick one of your own teams."}


async def route(sessions: async_sessionmaker[AsyncSession], tenant: str, inbound: Inbound, chat_key: str,
                named: str | None = None) -> Inbound | list[Reply]:
    """The inbound with its team set to the team this chat is about, or what to say instead.

    `named` is the team a pressed button was posted for (`translate.button_team`).
    """
    language = inbound.language or "nl"
    async with sessions() as session:
        teams = dict(await references.teams_of_person(session, tenant, inbound.user))
        current = await references.personal_team(session, tenant, inbound.user)
    if inbound.question_id == CHOOSE_TEAM:
        chosen = inbound.choice or ""
        if chosen not in teams:
            return [Reply(ReplyKind.PROBLEM, _NOT_YOURS[language])]
        await references.retrying(sessions, lambda s: references.set_personal_team(s, tenant, inbound.user, chosen))
        return [Reply(ReplyKind.CONFIRM, _NOW[language].format(team=teams[chosen]))]
    if named is not None and (named in teams or named == current):
        if named != current:
            await references.retrying(sessions, lambda s: references.set_personal_team(s, tenant, inbound.user,
                                                                                        named))
        return _to_team(inbound, named)
    if current is not None and (current in teams or not teams):
        return _to_team(inbound, current)
    if len(teams) == 1:
        only = next(iter(teams))
        await references.retrying(sessions, lambda s: references.set_personal_team(s, tenant, inbound.user, only))
        return _to_team(inbound, only)
    if len(teams) > 1:
        return [Reply(ReplyKind.QUESTION, _ASK[language], question_id=CHOOSE_TEAM,
                      choices=tuple(Choice(key, name) for key, name in teams.items()))]
    return _to_team(inbound, chat_key)  # in no team: the chat is the person's own


def asks_for_team(said: list[Reply]) -> bool:
    return any(r.question_id == CHOOSE_TEAM for r in said)


def waiting_of(inbound: Inbound) -> dict[str, Any]:
    """What the person did, to keep (`references.keep_waiting`) until they chose the team it is for."""
    kept = {name: getattr(inbound, name) for name in _WAITING_FIELDS if getattr(inbound, name) is not None}
    if inbound.form is not None:
        kept["form"] = dict(inbound.form)
    return kept


def too_old(kept: dict[str, Any], language: str) -> list[Reply]:
    """What to say when what waited is too old to handle unasked."""
    text = " ".join(str(kept.get("text") or kept.get("choice") or "…").split())
    return [Reply(ReplyKind.TEXT, _TOO_OLD[language].format(text=text if len(text) <= 80 else text[:79] + "…"))]


def from_waiting(kept: dict[str, Any], choice: Inbound) -> Inbound:
    """What the person did before the question, as theirs again, with the choice's own event id."""
    values = {name: kept.get(name) for name in _WAITING_FIELDS}
    return replace(choice, **values)


def _to_team(inbound: Inbound, team: str) -> Inbound:
    # The activity's name (the person's) is the personal chat's, not that of the team it is routed to.
    return replace(inbound, team=team, team_name=inbound.team_name if team == inbound.team else None)
