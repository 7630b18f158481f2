"""The Bot Framework's signing keys for the Agents SDK's token validator: fetched with aiohttp, cached.

The SDK's own key source (PyJWT's `PyJWKClient` in a worker thread behind a lock) waits 30 s on an
endpoint that does not answer, one request after another, each holding a thread of the loop's
executor. This one is plain asyncio: one fetch per key set at a time (everyone else waits for that
one), a timeout of a few seconds, and after a failure a short pause in which requests are refused at
once instead of queueing behind the next attempt. The SDK still does all of the token's checks.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

import aiohttp
import jwt

log = logging.getLogger(__name__)

FETCH_TIMEOUT = 5.0  # seconds for the metadata and the key set together
REFRESH_AFTER = 24 * 3600.0  # the Bot Framework rotates its keys rarely and announces new ones ahead
UNKNOWN_KEY_REFETCH = 300.0  # a key id we do not know refetches at most this often (not once per bad token)
PAUSE_AFTER_FAILURE = 10.0  # requests in this time after a failed fetch are refused without another try


class KeysUnavailable(Exception):
    """The signing keys could not be fetched: nobody's token can be checked right now (not the caller's fault)."""


class _KeySet:
    def __init__(self) -> None:
        self.keys: dict[str, jwt.PyJWK] = {}
        self.endorsements: dict[str, frozenset[str]] = {}
        self.fetched_at: float | None = None
        self.failed_at: float | None = None
        self.failure = ""
        self.lock = asyncio.Lock()


class SigningKeys:
    """Stands in for the SDK validator's key manager: `await get_signing_key(jwks_uri, header)`.

    `metadata_url`, when set (another cloud, or a test's local endpoint), is the OpenID metadata whose
    `jwks_uri` replaces every key set URL the SDK asks for.
    """

    def __init__(self, metadata_url: str | None = None, timeout: float = FETCH_TIMEOUT,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.metadata_url = metadata_url
        self.timeout = timeout
        self.clock = clock
        self._sets: dict[str, _KeySet] = {}

    async def get_signing_key(self, jwks_uri: str, header: Mapping[str, Any]) -> jwt.PyJWK:
        kid = str(header.get("kid") or "")
        if not kid:
            raise jwt.PyJWKClientError("the token names no signing key (kid)")
        key_set = self._sets.setdefault(self.metadata_url or jwks_uri, _KeySet())
        if self._stale(key_set) or (kid not in key_set.keys and self._may_refetch(key_set)):
            await self._refresh(key_set, jwks_uri)
        key = key_set.keys.get(kid)
        if key is None:
            raise jwt.PyJWKClientError(f"signing key {kid!r} is not published")
        return key

    def endorsements(self, kid: str) -> frozenset[str] | None:
        """The channels a key is endorsed for (None: the key set says nothing about endorsements)."""
        for key_set in self._sets.values():
            if kid in key_set.endorsements:
                return key_set.endorsements[kid]
        return None

    def _stale(self, key_set: _KeySet) -> bool:
        return key_set.fetched_at is None or self.clock() - key_set.fetched_at > REFRESH_AFTER

    def _may_refetch(self, key_set: _KeySet) -> bool:
        return key_set.fetched_at is None or self.clock() - key_set.fetched_at > UNKNOWN_KEY_REFETCH

    async def _refresh(self, key_set: _KeySet, jwks_uri: str) -> None:
        fetched_before = key_set.fetched_at
        try:
            async with asyncio.timeout(self.timeout):  # waiting for someone else's fetch counts too
                async with key_set.lock:
                    if key_set.fetched_at != fetched_before:
                        return  # another request fetched them while this one waited
                    if self._pausing(key_set):
                        return
                    await self._fetch(key_set, jwks_uri)
        except TimeoutError as exc:
            self._failed(key_set, f"no answer within {self.timeout:g} s")
            raise KeysUnavailable(key_set.failure) from exc

    def _pausing(self, key_set: _KeySet) -> bool:
        """True while a recent fetch failed and older keys are at hand (they are used); raises without them."""
        if key_set.failed_at is None or self.clock() - key_set.failed_at >= PAUSE_AFTER_FAILURE:
            return False
        if key_set.keys:
            return True
        raise KeysUnavailable(f"{key_set.failure} (not tried again for {PAUSE_AFTER_FAILURE:g} s)")

    async def _fetch(self, key_set: _KeySet, jwks_uri: str) -> None:
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout)) as http:
                url = jwks_uri
                if self.metadata_url:
                    url = str((await self._json(http, self.metadata_url))["jwks_uri"])
                published = await self._json(http, url)
            keys, endorsements = _parse(published)
        except (aiohttp.ClientError, ValueError, KeyError, TypeError) as exc:
            self._failed(key_set, f"{type(exc).__name__}: {exc}")
            if not key_set.keys:
                raise KeysUnavailable(key_set.failure) from exc
            return
        key_set.keys, key_set.endorsements = keys, endorsements
        key_set.fetched_at, key_set.failed_at = self.clock(), None

    @staticmethod
    async def _json(http: aiohttp.ClientSession, url: str) -> Any:
        async with http.get(url) as response:
            response.raise_for_status()
            return await response.json(content_type=None)

    def _failed(self, key_set: _KeySet, why: str) -> None:
        key_set.failed_at = self.clock()
        key_set.failure = f"the Bot Framework signing keys could not be fetched: {why}"
        log.warning("Teams: %s", key_set.failure)


def _parse(published: Any) -> tuple[dict[str, jwt.PyJWK], dict[str, frozenset[str]]]:
    keys: dict[str, jwt.PyJWK] = {}
    endorsements: dict[str, frozenset[str]] = {}
    for data in published["keys"]:
        kid = data.get("kid")
        if not kid or data.get("use", "sig") != "sig":
            continue
        try:
            keys[kid] = jwt.PyJWK(data)
        except jwt.PyJWTError:
            log.info("Teams: skipped a signing key the library cannot read (%s)", kid)
            continue
        if "endorsements" in data:
            endorsements[kid] = frozenset(str(e) for e in data["endorsements"] or ())
    if not keys:
        raise ValueError("the key set holds no signing key")
    return keys, endorsements
