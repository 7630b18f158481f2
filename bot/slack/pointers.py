"""Where the current question is, for someone who acted on an earlier one: an old question's form button, or a
reply in an earlier step's thread. The words, in the team's language, and a link to the question's message."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)

WORDS = {
    "nl": {
        "past_form": "Die knop hoort bij een eerdere vraag; die is al voorbij. De huidige vraag staat {where}.",
        "elsewhere": "Dit bericht heb ik niet als antwoord bewaard: het staat in de thread van een eerdere stap. "
                     "De huidige vraag staat {where}. Was dit je antwoord daarop? Gebruik dan de knop.",
        "take": "Neem als antwoord",
        "here": "hier",
        "below": "in de thread van de huidige stap",
    },
    "en": {
        "past_form": "That button belongs to an earlier question, which is past. The current question is {where}.",
        "elsewhere": "I did not save this message as an answer: it is in an earlier step's thread. The current "
                     "question is {where}. Was this your answer to it? Then use the button.",
        "take": "Use as the answer",
        "here": "here",
        "below": "in the current step's thread",
    },
}


def words(language: str) -> dict[str, str]:
    return WORDS.get(language, WORDS["nl"])


async def where(client: AsyncWebClient, channel: str, live: Any, language: str) -> str:
    """"<link|here>" to the live question's message; in words when Slack gives no link."""
    w = words(language)
    if live is None:
        return w["below"]
    try:
        permalink = (await client.chat_getPermalink(channel=channel, message_ts=live.ts)).get("permalink")
    except SlackApiError as error:
        log.info("no permalink for %s in %s: %s", live.ts, channel, error.response.get("error"))
        permalink = None
    return f"<{permalink}|{w['here']}>" if permalink else w["below"]
