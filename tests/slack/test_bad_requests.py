"""Requests that are not what Slack sends: refused with 400 or 401 before anything reads them, never a 500."""

from __future__ import annotations

import json
import logging
from urllib.parse import urlencode

import pytest

from tests.slack.harness import SlackHarness
from tests.slack.signing import signed_headers

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


async def send(slack: SlackHarness, body: str, content_type: str = JSON, signed: bool = True,
               timestamp: str | None = None) -> int:
    headers = signed_headers(body, slack.now(), content_type=content_type) if signed else {"Content-Type": content_type}
    if timestamp is not None:
        headers["X-Slack-Request-Timestamp"] = timestamp
    async with slack.http.post(slack.url + "/slack/events", data=body.encode(), headers=headers) as response:
        return response.status


@pytest.fixture(autouse=True)
def no_errors_logged(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.WARNING)
    yield
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_malformed_json_that_is_signed_gets_400(slack: SlackHarness) -> None:
    assert await send(slack, '{"type": "event_callback", "event": {') == 400


async def test_malformed_json_that_is_not_signed_gets_401(slack: SlackHarness) -> None:
    assert await send(slack, '{"type": "event_callback", "event": {', signed=False) == 401


async def test_a_json_array_gets_400(slack: SlackHarness) -> None:
    assert await send(slack, json.dumps([{"type": "event_callback"}])) == 400


async def test_a_form_payload_with_broken_json_gets_400(slack: SlackHarness) -> None:
    assert await send(slack, urlencode({"payload": '{"type": "block_actions", '}), FORM) == 400


async def test_a_megabyte_of_junk_gets_401_unsigned_and_400_signed(slack: SlackHarness) -> None:
    junk = "\x01junk{[" * 125_000  # 1,000,000 characters
    assert await send(slack, junk, signed=False) == 401
    assert await send(slack, junk) == 400
    assert await send(slack, junk * 2) == 400  # beyond what any Slack payload needs


async def test_a_non_numeric_timestamp_gets_401(slack: SlackHarness) -> None:
    body = json.dumps(slack.event_body(slack.message("start", channel="D0ANNA")))
    assert await send(slack, body, timestamp="yesterday") == 401


async def test_a_signed_event_of_the_wrong_shape_gets_400(slack: SlackHarness) -> None:
    for event in ("message", {"type": "message", "channel": "D0ANNA", "user": "U0ANNA"}):  # no event_id, no ts
        body = json.dumps({"type": "event_callback", "team_id": "T0001", "event": event})
        assert await send(slack, body) == 400
    assert slack.api.of("chat.postMessage") == []


async def test_nothing_refused_reaches_the_web_api(slack: SlackHarness) -> None:
    await send(slack, "[]")
    await send(slack, "not json at all")
    assert slack.api.calls == []
