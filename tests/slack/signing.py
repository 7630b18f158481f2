"""Requests signed the way Slack signs them: v0:timestamp:body, HMAC-SHA256 with the signing secret."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

SIGNING_SECRET = "test-signing-secret"


def signed_headers(body: str, timestamp: int, secret: str = SIGNING_SECRET,
                   content_type: str = "application/json") -> dict[str, str]:
    signature = SignatureVerifier(secret).generate_signature(timestamp=str(timestamp), body=body)
    assert signature is not None
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": signature}


def json_body(payload: dict[str, Any]) -> tuple[str, str]:
    return json.dumps(payload), "application/json"


def interactive_body(payload: dict[str, Any]) -> tuple[str, str]:
    return urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"


def command_body(fields: dict[str, str]) -> tuple[str, str]:
    return urlencode(fields), "application/x-www-form-urlencoded"
