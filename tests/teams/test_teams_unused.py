"""What a person sends in Teams that the coach does not use (a file, an image, a button it cannot read) is
told to them, never met with silence; invokes the coach does not handle get 501 at once."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot.teams.unused import attachment_names
from storage.models import Answer
from tests.teams import activities as act
from tests.teams.cardsim import texts_of
from tests.teams.conftest import TeamsServer
from tests.teams.fake_connector import FakeConnector

FILE = {"contentType": "application/vnd.microsoft.teams.file.download.info", "name": "plan.pdf",
        "contentUrl": "https://contoso.sharepoint.com/plan.pdf",
        "content": {"downloadUrl": "https://contoso.sharepoint.com/dl/plan.pdf", "uniqueId": "1", "fileType": "pdf"}}
IMAGE = {"contentType": "image/*", "contentUrl": "https://smba.trafficmanager.net/amer/v3/attachments/0-1/views/original"}
FORMATTING = {"contentType": "text/html", "content": "<p>Omdat fietsen de stad beter maakt</p>"}


def said(connector: FakeConnector, since: int = 0) -> list[str]:
    return [t for m in connector.messages[since:] for t in texts_of(m)]


async def started(server: TeamsServer, connector: FakeConnector) -> int:
    await server.post(act.message(connector.url, "start"))
    return len(connector.messages)


async def stored(server: TeamsServer) -> dict[str, Any]:
    async with server.ctx.sessions() as session:
        return {a.question_id: a.value for a in await session.scalars(select(Answer))}


async def test_an_answer_with_a_file_is_stored_and_the_person_is_told_the_file_was_not(
        local_server: TeamsServer, connector: FakeConnector) -> None:
    since = await started(local_server, connector)
    activity = act.message(connector.url, "Omdat fietsen de stad beter maakt")
    activity["attachments"] = [FILE, FORMATTING]

    await local_server.post(activity)

    assert (await stored(local_server))["golden_circle.why"] == "Omdat fietsen de stad beter maakt"
    assert said(connector, since)[-1].startswith("⚠️ _plan.pdf_ heb ik niet bewaard")


async def test_a_pasted_image_alone_is_named_as_not_kept(local_server: TeamsServer, connector: FakeConnector) -> None:
    since = await started(local_server, connector)
    activity = act.message(connector.url, "")
    activity["attachments"] = [IMAGE]

    response = await local_server.post(activity)

    assert 200 <= response.status < 300
    assert [t for t in said(connector, since) if "Een afbeelding heb ik niet bewaard" in t]
    assert await stored(local_server) == {}


async def test_formatting_alone_is_not_called_a_file(local_server: TeamsServer, connector: FakeConnector) -> None:
    since = await started(local_server, connector)
    activity = act.message(connector.url, "Omdat fietsen de stad beter maakt")
    activity["attachments"] = [FORMATTING]

    await local_server.post(activity)

    assert not [t for t in said(connector, since) if "niet bewaard" in t]


@pytest.mark.parametrize("data", [{"foo": "bar"}, {"question_id": "golden_circle.why"}])
async def test_a_card_submit_with_data_the_coach_cannot_read_says_nothing_was_stored(
        local_server: TeamsServer, connector: FakeConnector, data: dict[str, Any]) -> None:
    since = await started(local_server, connector)

    response = await local_server.post(act.card_submit(connector.url, data))

    assert 200 <= response.status < 300
    assert said(connector, since) == ["⚠️ " + "Die knop ken ik niet (meer), dus er is niets bewaard. "
                                      "Typ `status` om te zien waar jullie zijn."]
    assert await stored(local_server) == {}


async def test_an_action_execute_with_data_the_coach_cannot_read_is_answered_and_said(
        local_server: TeamsServer, connector: FakeConnector) -> None:
    since = await started(local_server, connector)

    response = await local_server.post(act.card_execute(connector.url, {"verb": "zzz"}))

    assert response.status == 200
    assert [t for t in said(connector, since) if "Die knop ken ik niet" in t]


@pytest.mark.parametrize("name", ["composeExtension/query", "task/fetch", "task/submit", "signin/verifyState"])
async def test_an_invoke_the_coach_does_not_handle_gets_501_and_no_message(
        local_server: TeamsServer, connector: FakeConnector, name: str) -> None:
    since = await started(local_server, connector)
    activity = act.card_execute(connector.url, {})
    activity.update(name=name, value={"commandId": "search", "data": {}})

    response = await local_server.post(activity)

    assert response.status == 501
    assert said(connector, since) == []


def test_only_files_and_images_are_named_as_not_kept() -> None:
    connector_card = {"contentType": "application/vnd.microsoft.teams.card.o365connector", "content": {}}
    unnamed = {"contentType": "application/octet-stream", "contentUrl": "https://x/1"}
    activity = {"type": "message", "attachments": [FILE, IMAGE, FORMATTING, connector_card, unnamed]}
    assert attachment_names(activity, "en") == ["plan.pdf", "an image"]
