"""Signed links to a team's current strategy document, for the monthly leadership summary.

A link is `PUBLIC_URL/documents/<token>`; the token names the team and when it expires, and carries an
HMAC-SHA256 over both: `42.1767225600.<22 characters>`. Making one is a string format and one HMAC (no
rendering, no database write), so the scan can put one in every summary that falls due in its busiest
minute; the server renders the document only when someone opens the link (bot/document/serve.py).

The key is COACH_DOCUMENT_SECRET, or, when that is not set, derived from the Slack signing secret (else
the Teams app password) under a label of its own: the derived key says nothing about the secret it
comes from, and rotating that secret (or setting COACH_DOCUMENT_SECRET) ends every link handed out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from scheduler.documents import StrategyDocument, on_request

log = logging.getLogger(__name__)

LIFETIME = timedelta(days=45)  # longer than a month's cycle: last month's link works until the next arrives
PATH = "/documents/"
_DERIVE_LABEL = b"strategy-coach: document links v1"
_MAC_BYTES = 16  # 128 bits, 22 characters in base64url


class BadToken(ValueError):
    """A token that is malformed or whose signature does not match (`expired` is False), or one past its date."""

    def __init__(self, reason: str, team_id: int | None = None, expired: bool = False) -> None:
        super().__init__(reason)
        self.team_id = team_id
        self.expired = expired


def link_key(settings: Settings) -> bytes | None:
    """The key that signs document links, or None when no secret is configured at all."""
    if settings.document_secret:
        return settings.document_secret.encode()
    base = settings.slack_signing_secret or settings.microsoft_app_password
    if not base:
        return None
    return hmac.new(base.encode(), _DERIVE_LABEL, hashlib.sha256).digest()


def _mac(key: bytes, payload: str) -> str:
    digest = hmac.new(key, b"document:" + payload.encode(), hashlib.sha256).digest()[:_MAC_BYTES]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def make_token(key: bytes, team_id: int, expires: datetime) -> str:
    payload = f"{team_id}.{int(expires.timestamp())}"
    return f"{payload}.{_mac(key, payload)}"


def read_token(key: bytes, token: str, now: datetime) -> int:
    """The team id a valid token names; BadToken when it is malformed, forged, tampered with or expired."""
    parts = token.split(".")
    if len(parts) != 3 or not all(p.isascii() and p for p in parts):
        raise BadToken("malformed")
    team, expires, mac = parts
    if not hmac.compare_digest(mac, _mac(key, f"{team}.{expires}")):
        raise BadToken("signature")
    if not (team.isdigit() and expires.isdigit() and len(expires) <= 11):  # signed by us, so never; all the same
        raise BadToken("malformed")
    if datetime.fromtimestamp(int(expires), UTC) <= now:
        raise BadToken("expired", team_id=int(team), expired=True)
    return int(team)


@dataclass(frozen=True, eq=False)  # compared by identity: each context registers and unregisters its own
class DocumentLinks:
    """The document source the leadership summary asks (`scheduler.documents.register_document_source`)."""

    public_url: str
    key: bytes
    clock: Callable[[], datetime]
    lifetime: timedelta = LIFETIME

    def url_for(self, team_id: int, fmt: str = "pdf") -> str:
        url = self.public_url + PATH + make_token(self.key, team_id, self.clock() + self.lifetime)
        return url if fmt == "pdf" else f"{url}?format={fmt}"

    async def __call__(self, session: AsyncSession, team_id: int, language: str) -> StrategyDocument | None:
        # The same cheap check as the `document` pointer (one indexed row): a team without answers gets no line.
        found = await on_request(session, team_id)
        # The Word file beside the PDF: the same signed link, `?format=docx` (bot/document/serve.py).
        return None if found is None else replace(found, url=self.url_for(team_id),
                                                  docx_url=self.url_for(team_id, "docx"))


def document_links(settings: Settings, clock: Callable[[], datetime]) -> DocumentLinks | None:
    """The links, when the server's public address and a key are known; None keeps the `document` pointer."""
    if not settings.public_url:
        return None
    key = link_key(settings)
    if key is None:
        log.warning("PUBLIC_URL is set but no secret signs document links (COACH_DOCUMENT_SECRET, or Slack's or "
                    "Teams' secret to derive one from): the leadership summary keeps pointing to `document`")
        return None
    return DocumentLinks(settings.public_url.rstrip("/"), key, clock)
