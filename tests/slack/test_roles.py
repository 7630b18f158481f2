"""`rol <naam> projectmanager` in Slack: a plain name is matched to someone the coach knows, never made up."""

from __future__ import annotations

from sqlalchemy import select

from flows.types import Role
from storage import repo
from storage.models import Member, Team
from tests.slack.harness import BOB, SlackHarness, start


async def role_holders(slack: SlackHarness) -> list[str]:
    async with slack.ctx.sessions() as session:
        [team] = (await session.scalars(select(Team))).all()
        return sorted(m.external_id for m in await repo.members_with_role(session, team.id, Role.PROJECT_MANAGER))


async def member_ids(slack: SlackHarness) -> list[str]:
    async with slack.ctx.sessions() as session:
        return sorted(await session.scalars(select(Member.external_id)))


async def test_a_plain_name_of_a_known_member_gives_that_member_the_role(slack: SlackHarness) -> None:
    slack.api.user_names[BOB] = "Sanne de Vries"
    thread = await start(slack)
    await slack.send_event(slack.message("status", user=BOB, thread_ts=thread))
    await slack.settled()

    await slack.command("rol Sanne projectmanager")
    await slack.settled()

    assert await role_holders(slack) == [BOB]


async def test_a_plain_name_nobody_has_asks_for_a_mention_and_makes_up_no_member(slack: SlackHarness) -> None:
    await start(slack)
    before = await member_ids(slack)

    await slack.command("rol Sanne projectmanager")
    await slack.settled()

    assert await role_holders(slack) == []
    assert await member_ids(slack) == before
    assert "Ik weet nog niet wie Sanne is" in slack.posts()[-1]["text"]
    assert "`rol @Sanne projectmanager`" in slack.posts()[-1]["text"]
