"""Starting the Slack app: what a person running `python -m bot serve` sees in the log."""

from __future__ import annotations

import logging

import pytest

from tests.slack.conftest import serve, slack_settings
from tests.slack.fake_slack_api import FakeSlackApi


async def test_a_single_workspace_started_from_the_environment_logs_no_warning(
        db_url: str, fake_slack: FakeSlackApi, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")  # as `serve` is started: the token in the environment
    with caplog.at_level(logging.WARNING):
        harness, runner = await serve(slack_settings(db_url, fake_slack), fake_slack)
    await harness.http.close()
    await runner.cleanup()
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING] == []
