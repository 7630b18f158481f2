"""Request verification with the application's clock: bolt's own middleware, given slack_sdk's verifier.

Bolt builds its `SignatureVerifier` with the wall clock; handing it the app's clock (the same one
the coach uses everywhere) lets tests sign requests "now" and "six minutes ago" without sleeping.
The HMAC and the 5-minute window stay slack_sdk's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from slack_bolt.middleware.request_verification.async_request_verification import AsyncRequestVerification
from slack_sdk.signature import Clock, SignatureVerifier


class AppClock(Clock):
    def __init__(self, now: Callable[[], datetime]) -> None:
        self._now = now

    def now(self) -> float:
        return self._now().timestamp()


def clocked_verification(signing_secret: str, now: Callable[[], datetime]) -> AsyncRequestVerification:
    middleware = AsyncRequestVerification(signing_secret)
    middleware._verifier = SignatureVerifier(signing_secret, clock=AppClock(now))  # bolt's lazy slot for it
    return middleware
