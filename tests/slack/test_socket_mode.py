"""Socket Mode (SLACK_APP_TOKEN set): events arrive over the WebSocket the app opens, are acked, and coached."""

from __future__ import annotations

from sqlalchemy import select

from storage import repo
from storage.models import Answer
from tests.slack.conftest import serve, slack_settings
from tests.slack.fake_slack_api import FakeSlackApi
from tests.slack.harness import ANNA


async def test_an_event_over_socket_mode_is_acknowledged_and_answered(db_url: str, fake_slack: FakeSlackApi) -> None:
    harness, runner = await serve(slack_settings(db_url, fake_slack, slack_app_token="xapp-1-test"), fake_slack)
    try:
        body = harness.event_body(harness.message("start", channel="D0SOCK"))
        envelope = await fake_slack.push(body)
        acks = await fake_slack.wait_for("socket_ack")
        await fake_slack.wait_for("chat.postMessage")
        await fake_slack.push(harness.event_body(harness.message("Om mensen te helpen", channel="D0SOCK")))
        await fake_slack.wait_for("chat.postMessage", count=3)
        await harness.settled()
        async with harness.ctx.sessions() as session:
            team = await repo.find_team(session, "slack", harness.team, "D0SOCK")
            stored = list(await session.scalars(select(Answer.value).where(Answer.team_id == team.id)))
    finally:
        await harness.http.close()
        await runner.cleanup()
    assert fake_slack.of("apps.connections.open")[0].token == "xapp-1-test"
    assert acks[0].params["envelope_id"] == envelope
    assert stored == ["Om mensen te helpen"]
    assert ANNA in {c.params.get("user") for c in fake_slack.of("users.info")}
