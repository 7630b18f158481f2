"""Multi-workspace install through OAuth, with slack_sdk's SQLAlchemy stores in the project's database."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa

from storage import repo
from tests.slack.conftest import serve, slack_settings
from tests.slack.fake_slack_api import FakeSlackApi
from tests.slack.harness import CHANNEL, SlackHarness

# slack_sdk 3.47 sends the OAuth client credentials with aiohttp's BasicAuth, which aiohttp 3.14 deprecates:
# not ours to fix (the pyproject's aiohttp ignore does not match, as the warning is attributed to slack_sdk).
pytestmark = pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")


@pytest.fixture
async def oauth_slack(db_url: str, fake_slack: FakeSlackApi) -> AsyncIterator[SlackHarness]:
    settings = slack_settings(db_url, fake_slack, slack_bot_token=None, slack_client_id="111.222",
                              slack_client_secret="client-secret")
    harness, runner = await serve(settings, fake_slack)
    yield harness
    await harness.http.close()
    await runner.cleanup()


async def install(slack: SlackHarness, team_id: str) -> int:
    slack.api.oauth_team = {"id": team_id, "name": f"Workspace {team_id}"}
    async with slack.http.get(slack.url + "/slack/install") as page:
        assert page.status == 200
        state = re.search(r"state=([\w-]+)", await page.text())
        assert state
        cookies = {k: v.value for k, v in page.cookies.items()}
    async with slack.http.get(slack.url + f"/slack/oauth_redirect?code=code-{team_id}&state={state[1]}",
                              cookies=cookies) as done:
        return done.status


async def test_the_install_round_trip_stores_an_installation(oauth_slack: SlackHarness) -> None:
    assert await install(oauth_slack, "T0002") == 200
    assert oauth_slack.api.of("oauth.v2.access")[0].params["code"] == "code-T0002"
    async with oauth_slack.ctx.engine.connect() as conn:
        rows = (await conn.execute(sa.text("SELECT team_id, bot_token FROM slack_installations"))).all()
    assert rows == [("T0002", "xoxb-T0002")]


async def test_a_second_workspace_cannot_read_the_first_workspaces_data(oauth_slack: SlackHarness) -> None:
    await install(oauth_slack, "T0001")
    await install(oauth_slack, "T0002")
    await oauth_slack.command("start", team="T0001")
    await oauth_slack.settled()
    thread = oauth_slack.last_question()["thread_ts"]
    await oauth_slack.send_event(oauth_slack.message("Geheim antwoord van T1", thread_ts=thread), team="T0001")
    await oauth_slack.settled()
    # The second workspace uses the same channel id and asks for its summary.
    await oauth_slack.command("samenvatting", team="T0002")
    await oauth_slack.settled()
    second = [c for c in oauth_slack.api.of("chat.postMessage") if c.token == "xoxb-T0002"]
    assert second and all("Geheim" not in str(c.params) for c in second)
    async with oauth_slack.ctx.sessions() as session:
        first_team = await repo.find_team(session, "slack", "T0001", CHANNEL)
        second_team = await repo.find_team(session, "slack", "T0002", CHANNEL)
        assert first_team is not None and second_team is not None and first_team.id != second_team.id
        assert await repo.current_answers(session, second_team.id) == {}


async def test_events_from_a_workspace_that_never_installed_are_not_processed(oauth_slack: SlackHarness) -> None:
    await oauth_slack.send_event(oauth_slack.message("start", channel="D0X"), team="T0009")
    await oauth_slack.settled()
    assert oauth_slack.api.of("chat.postMessage") == []


async def test_scheduled_posts_use_the_workspace_installation(oauth_slack: SlackHarness) -> None:
    from flows.types import Reply, ReplyKind
    from scheduler.delivery import Destination

    await install(oauth_slack, "T0002")
    deliverer = oauth_slack.ctx.deliverers["slack"]
    result = await deliverer.deliver(Destination("slack", "T0002", CHANNEL, "channel", CHANNEL),
                                     [Reply(ReplyKind.TEXT, "Tijd om te meten")])
    assert result.ok and result.message_id
    assert oauth_slack.api.of("chat.postMessage")[-1].token == "xoxb-T0002"
    missing = await deliverer.deliver(Destination("slack", "T0404", CHANNEL, "channel", CHANNEL),
                                      [Reply(ReplyKind.TEXT, "x")])
    assert not missing.ok and missing.permanent


async def test_a_command_from_a_workspace_that_never_installed_gets_the_coachs_dutch_answer(
        oauth_slack: SlackHarness, caplog: pytest.LogCaptureFixture) -> None:
    status, _ = await oauth_slack.command("start", team="T0009")
    assert status == 200
    [hook] = await oauth_slack.api.wait_for("response_url")
    assert "niet geïnstalleerd" in hook.params["text"] and "apologize" not in hook.params["text"]
    assert oauth_slack.api.of("chat.postMessage") == []
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


async def test_an_english_team_whose_workspace_lost_its_installation_is_answered_in_english(
        oauth_slack: SlackHarness) -> None:
    async with oauth_slack.ctx.sessions() as session, session.begin():
        workspace = await repo.get_or_create_workspace(session, "slack", "T0009")
        await repo.get_or_create_team(session, workspace, CHANNEL, language="en")
    await oauth_slack.command("status", team="T0009")
    [hook] = await oauth_slack.api.wait_for("response_url")
    assert "not installed" in hook.params["text"]
