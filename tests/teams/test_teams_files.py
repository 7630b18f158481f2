"""Files in Teams: the strategy document and the KPI export through the file-consent card, in the personal chat.

Over real HTTP with signed tokens: the card is posted through the fake Bot Connector, the person's Allow
or Decline arrives as a `fileConsent/invoke`, and the bytes are PUT to the fake OneDrive upload session.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select

from bot.context import AppContext
from bot.teams import files
from bot.teams.delivery import TeamsDeliverer
from flows.types import Reply, ReplyKind
from scheduler.delivery import Destination
from storage.cycle_models import KpiValue
from storage.models import Kpi, Team
from storage.repo import kpi_key
from tests.document.readback import pdf_pages
from tests.harness import FIXED_NOW
from tests.teams import activities as act
from tests.teams.cardsim import texts_of
from tests.teams.conftest import APP_ID, TeamsServer, serve_signed, signed_settings
from tests.teams.fake_connector import FakeConnector
from tests.teams.fake_openid import FakeOpenId

CONSENT = "application/vnd.microsoft.teams.card.file.consent"
FILE_INFO = "application/vnd.microsoft.teams.card.file.info"
WHY = "We geloven dat elke ondernemer digitaal moet kunnen groeien."
ANNAS_CHAT = act.personal_conversation(f"a:personal-with-{act.ANNA['id']}")


class Clock:
    def __init__(self) -> None:
        self.current = FIXED_NOW

    def now(self) -> datetime:
        return self.current


class Person:
    """Anna (or Bob) talking to the signed server, each activity with a channel token as Teams sends it."""

    def __init__(self, server: TeamsServer, connector: FakeConnector, openid: FakeOpenId,
                 sender: dict[str, Any] = act.ANNA) -> None:
        self.server, self.connector, self.openid, self.sender = server, connector, openid, sender

    async def post(self, activity: dict[str, Any]) -> int:
        response = await self.server.post(activity, token=self.openid.token(APP_ID, self.connector.url))
        return response.status

    async def say(self, text: str, conversation: dict[str, Any] | None = None) -> None:
        in_channel = (conversation or {}).get("conversationType") == "channel"
        status = await self.post(act.message(self.connector.url, text, sender=self.sender, conversation=conversation,
                                             mention_bot=in_channel))
        assert 200 <= status < 300

    async def answer_card(self, card: dict[str, Any], action: str, upload: dict[str, Any] | None = None,
                          conversation: dict[str, Any] | None = None) -> int:
        context = card["content"]["acceptContext" if action == "accept" else "declineContext"]
        return await self.post(act.file_consent(self.connector.url, action, context, upload, sender=self.sender,
                                                conversation=conversation))

    async def join_channel(self) -> None:
        added = act.bot_added(self.connector.url)
        assert 200 <= await self.post(added) < 300


def consent_cards(connector: FakeConnector, conversation: str | None = None) -> list[dict[str, Any]]:
    return [a for c in connector.calls if conversation is None or c.conversation_id == conversation
            for a in c.body.get("attachments") or () if a.get("contentType") == CONSENT]


def said(connector: FakeConnector, conversation: str | None = None) -> list[str]:
    return [t for c in connector.calls if c.body.get("type") == "message"
            and (conversation is None or c.conversation_id == conversation) for t in texts_of(c.body)]


@contextlib.asynccontextmanager
async def running(db_url: str, openid: FakeOpenId, clock: Clock | None = None) -> AsyncIterator[TeamsServer]:
    ctx = AppContext.create(signed_settings(db_url, openid), clock=(clock or Clock()).now)
    serving = serve_signed(ctx)
    server = await serving.__anext__()
    try:
        yield server
    finally:
        with contextlib.suppress(StopAsyncIteration):
            await serving.__anext__()  # the server stops and its context closes


async def a_why_in_the_personal_chat(anna: Person) -> None:
    await anna.say("start")
    await anna.say(WHY)


async def test_the_document_in_the_personal_chat_comes_as_two_consent_cards(
        signed_server: TeamsServer, connector: FakeConnector, openid: FakeOpenId) -> None:
    anna = Person(signed_server, connector, openid)
    await a_why_in_the_personal_chat(anna)
    connector.clear()

    await anna.say("document")

    pdf, word = consent_cards(connector)
    assert pdf["name"].endswith(".pdf") and word["name"].endswith(".docx")
    assert pdf["content"]["sizeInBytes"] > 1000 and pdf["content"]["description"] == "Strategie op één pagina"
    assert pdf["content"]["acceptContext"] == pdf["content"]["declineContext"]
    assert pdf["content"]["acceptContext"] != word["content"]["acceptContext"]
    assert "stand van 23 november 2026" in said(connector)[0]


async def test_allowing_the_document_uploads_it_intact_and_shows_it_as_a_teams_file(
        signed_server: TeamsServer, connector: FakeConnector, openid: FakeOpenId) -> None:
    anna = Person(signed_server, connector, openid)
    await a_why_in_the_personal_chat(anna)
    await anna.say("document pdf")
    [card] = consent_cards(connector)
    upload = connector.upload_session(card["name"])
    connector.clear()

    assert await anna.answer_card(card, "accept", upload) == 200

    data = connector.uploaded(upload)
    assert data is not None and len(data) == card["content"]["sizeInBytes"]
    assert WHY in pdf_pages(data)[0]
    [put] = connector.puts
    assert put.content_range == f"bytes 0-{len(data) - 1}/{len(data)}" and put.content_type == "application/pdf"
    assert put.authorization is None  # the upload URL is pre-authenticated: the bot's token stays with the bot
    [shown] = [m for m in connector.messages if m.get("attachments")]
    [info] = shown["attachments"]
    assert info["contentType"] == FILE_INFO and info["contentUrl"] == upload["contentUrl"]
    assert info["content"] == {"uniqueId": upload["uniqueId"], "fileType": "pdf"}
    assert "staat nu in je OneDrive" in shown["text"]


async def test_the_document_asked_in_a_channel_goes_to_the_personal_chat_and_the_channel_is_told(
        signed_server: TeamsServer, connector: FakeConnector, openid: FakeOpenId) -> None:
    anna = Person(signed_server, connector, openid)
    channel = act.channel_conversation()
    await anna.join_channel()
    await anna.say("start", channel)
    await anna.say(WHY, channel)
    connector.clear()

    await anna.say("document pdf", channel)

    assert consent_cards(connector, act.CHANNEL) == []
    assert "Ik stuur het document in je persoonlijke chat met de coach." in said(connector, act.CHANNEL)
    [created] = connector.created
    assert created["members"][0]["id"] == act.ANNA["id"]
    [card] = consent_cards(connector, ANNAS_CHAT["id"])
    upload = connector.upload_session(card["name"])
    assert await anna.answer_card(card, "accept", upload, conversation=ANNAS_CHAT) == 200
    assert WHY in pdf_pages(connector.uploaded(upload) or b"")[0]


async def test_the_kpi_export_asked_in_a_channel_arrives_as_a_dutch_csv_in_the_personal_chat(
        signed_server: TeamsServer, connector: FakeConnector, openid: FakeOpenId) -> None:
    anna = Person(signed_server, connector, openid)
    channel = act.channel_conversation()
    await anna.join_channel()
    await anna.say("status", channel)
    await add_kpi_value(signed_server, "Leads per maand", "2026-10", 1000.5)
    connector.clear()

    await anna.say("export", channel)

    assert "Ik stuur het bestand in je persoonlijke chat met de coach." in said(connector, act.CHANNEL)
    [card] = consent_cards(connector, ANNAS_CHAT["id"])
    assert card["name"] == "kpi-waarden-marketing.csv"  # the team's name, not its Teams conversation id
    upload = connector.upload_session(card["name"])
    assert await anna.answer_card(card, "accept", upload, conversation=ANNAS_CHAT) == 200
    data = connector.uploaded(upload) or b""
    assert data.startswith("\ufeff".encode())  # Excel reads the BOM as UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][:3] == ["2026-10", "Leads per maand", "1000,5"]
    assert connector.puts[0].content_type == "text/csv"


async def add_kpi_value(server: TeamsServer, name: str, period: str, value: float) -> None:
    async with server.ctx.sessions.begin() as session:
        team = await session.scalar(select(Team).where(Team.external_id == act.CHANNEL))
        kpi = Kpi(team_id=team.id, key=kpi_key(name), name=name, unit="count", target=1200, owner=act.ANNA["name"])
        session.add(kpi)
        await session.flush()
        session.add(KpiValue(team_id=team.id, kpi_id=kpi.id, period=period, value=value))


async def test_declining_the_file_is_confirmed_kindly_and_uploads_nothing(
        signed_server: TeamsServer, connector: FakeConnector, openid: FakeOpenId) -> None:
    anna = Person(signed_server, connector, openid)
    await a_why_in_the_personal_chat(anna)
    await anna.say("document pdf")
    [card] = consent_cards(connector)
    connector.clear()

    assert await anna.answer_card(card, "decline") == 200

    assert connector.puts == []
    [answer] = said(connector)
    assert answer.startswith(f"✅ Prima, ik stuur **{card['name']}** niet.") and "Typ **document**" in answer


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_allowing_a_file_after_it_expired_says_so_and_how_to_get_a_fresh_one(
        backend: str, request: pytest.FixtureRequest, connector: FakeConnector, openid: FakeOpenId) -> None:
    db_url = request.getfixturevalue("db_url" if backend == "sqlite" else "pg_url")
    clock = Clock()
    async with running(db_url, openid, clock) as server:
        anna = Person(server, connector, openid)
        await a_why_in_the_personal_chat(anna)
        await anna.say("document pdf")
        [card] = consent_cards(connector)
        connector.clear()
        clock.current += timedelta(days=8)

        assert await anna.answer_card(card, "accept", connector.upload_session(card["name"])) == 200

    assert connector.puts == []
    [answer] = said(connector)
    assert "is verlopen" in answer and "7 dagen" in answer and "Typ **document**" in answer


async def test_allowing_a_file_the_coach_does_not_know_says_how_to_get_it(
        signed_server: TeamsServer, connector: FakeConnector, openid: FakeOpenId) -> None:
    anna = Person(signed_server, connector, openid)
    await anna.say("start")
    connector.clear()
    unknown = {"contentType": CONSENT, "content": {"acceptContext": {"coach_file": "not-a-file-of-ours"}}}

    assert await anna.answer_card(unknown, "accept", connector.upload_session("x.pdf")) == 200

    assert connector.puts == []
    assert said(connector) == ["⚠️ Dat bestand heb ik niet (meer). Typ **document** om het opnieuw te krijgen."]


async def test_someone_else_allowing_annas_file_gets_nothing_of_it(
        signed_server: TeamsServer, connector: FakeConnector, openid: FakeOpenId) -> None:
    anna = Person(signed_server, connector, openid)
    await a_why_in_the_personal_chat(anna)
    await anna.say("document pdf")
    [card] = consent_cards(connector)
    bob = Person(signed_server, connector, openid, sender=act.BOB)

    await bob.answer_card(card, "accept", connector.upload_session(card["name"], user="bob"),
                          conversation=act.personal_conversation("a:bobs-chat"))

    assert connector.puts == []


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_allowing_after_a_restart_still_uploads_the_file(
        backend: str, request: pytest.FixtureRequest, connector: FakeConnector, openid: FakeOpenId) -> None:
    db_url = request.getfixturevalue("db_url" if backend == "sqlite" else "pg_url")
    async with running(db_url, openid) as before:
        anna = Person(before, connector, openid)
        await a_why_in_the_personal_chat(anna)
        await anna.say("document pdf")
    [card] = consent_cards(connector)

    async with running(db_url, openid) as after:
        upload = connector.upload_session(card["name"])
        assert await Person(after, connector, openid).answer_card(card, "accept", upload) == 200

    assert WHY in pdf_pages(connector.uploaded(upload) or b"")[0]


async def test_the_same_allow_twice_uploads_once_and_shows_the_file_again(
        signed_server: TeamsServer, connector: FakeConnector, openid: FakeOpenId) -> None:
    anna = Person(signed_server, connector, openid)
    await a_why_in_the_personal_chat(anna)
    await anna.say("document pdf")
    [card] = consent_cards(connector)
    upload = connector.upload_session(card["name"])
    await anna.answer_card(card, "accept", upload)
    connector.clear()

    assert await anna.answer_card(card, "accept", connector.upload_session(card["name"])) == 200

    assert len(connector.puts) == 1
    [shown] = [m for m in connector.messages if m.get("attachments")]
    assert shown["attachments"][0]["contentUrl"] == upload["contentUrl"]


async def test_an_upload_that_fails_is_said_and_the_card_can_be_allowed_again(
        signed_server: TeamsServer, connector: FakeConnector, openid: FakeOpenId) -> None:
    anna = Person(signed_server, connector, openid)
    await a_why_in_the_personal_chat(anna)
    await anna.say("document pdf")
    [card] = consent_cards(connector)
    connector.fail_uploads(503)
    connector.clear()

    assert await anna.answer_card(card, "accept", connector.upload_session(card["name"])) == 200
    assert "Het lukte niet" in said(connector)[-1]

    upload = connector.upload_session(card["name"])
    assert await anna.answer_card(card, "accept", upload) == 200
    assert connector.uploaded(upload) is not None


async def test_when_the_personal_chat_cannot_be_opened_the_channel_is_told_how_to_get_the_file(
        signed_server: TeamsServer, connector: FakeConnector, openid: FakeOpenId) -> None:
    anna = Person(signed_server, connector, openid)
    channel = act.channel_conversation()
    await anna.join_channel()
    await anna.say("start", channel)
    await anna.say(WHY, channel)
    connector.refuse_conversations(403)
    connector.clear()

    await anna.say("document pdf", channel)

    assert consent_cards(connector) == []
    channel_said = said(connector, act.CHANNEL)
    assert "Ik stuur het document in je persoonlijke chat met de coach." not in channel_said
    assert any("je persoonlijke chat met de coach kon ik niet openen" in t and "typ daar **document**" in t
               for t in channel_said)


async def test_an_english_team_is_told_in_english_where_its_document_went(
        signed_server: TeamsServer, connector: FakeConnector, openid: FakeOpenId) -> None:
    anna = Person(signed_server, connector, openid)
    channel = act.channel_conversation()
    await anna.join_channel()
    await anna.say("language en", channel)
    await anna.say("start", channel)
    await anna.say("We believe every entrepreneur should be able to grow digitally.", channel)
    connector.clear()

    await anna.say("document pdf", channel)

    assert "I'm sending the document to your personal chat with the coach." in said(connector, act.CHANNEL)
    [card] = consent_cards(connector, ANNAS_CHAT["id"])
    assert card["name"].startswith("strategy-") and card["content"]["description"] == "Strategy on one page"
    assert await anna.answer_card(card, "decline", conversation=ANNAS_CHAT) == 200
    assert said(connector, ANNAS_CHAT["id"])[-1].startswith(f"✅ Fine, I won't send **{card['name']}**.")


async def test_a_scheduled_file_for_a_person_is_offered_in_their_personal_chat(
        signed_server: TeamsServer, connector: FakeConnector, openid: FakeOpenId) -> None:
    anna = Person(signed_server, connector, openid)
    await anna.join_channel()
    connector.clear()
    document = Reply(ReplyKind.FILE, "De strategie als PDF", file=b"%PDF-1.7 leadership", filename="strategie.pdf")

    result = await deliverer(signed_server).deliver(
        Destination("teams", act.TENANT, act.CHANNEL, "user", act.ANNA["id"]), [document])

    assert result.ok, result.error
    [card] = consent_cards(connector, ANNAS_CHAT["id"])
    upload = connector.upload_session(card["name"])
    assert await anna.answer_card(card, "accept", upload, conversation=ANNAS_CHAT) == 200
    assert connector.uploaded(upload) == b"%PDF-1.7 leadership"


async def test_a_scheduled_file_for_a_channel_is_named_with_how_to_get_it(
        signed_server: TeamsServer, connector: FakeConnector, openid: FakeOpenId) -> None:
    anna = Person(signed_server, connector, openid)
    await anna.join_channel()
    connector.clear()
    document = Reply(ReplyKind.FILE, "De strategie als PDF", file=b"%PDF-1.7", filename="strategie.pdf")

    result = await deliverer(signed_server).deliver(
        Destination("teams", act.TENANT, act.CHANNEL, "channel", act.CHANNEL), [document])

    assert result.ok, result.error
    assert consent_cards(connector) == []
    assert said(connector, act.CHANNEL) == [
        "📎 strategie.pdf: in een kanaal kan ik geen bestanden geven. Typ **document** in je persoonlijke chat met "
        "de coach."]


async def test_a_file_larger_than_one_fragment_goes_up_in_ranges_that_follow_on(connector: FakeConnector) -> None:
    data = os.urandom(700_000)
    upload = connector.upload_session("groot.pdf")

    async with aiohttp.ClientSession() as http:
        await files.upload(http, upload["uploadUrl"], data, "application/pdf", fragment=320 * 1024)

    assert [p.content_range for p in connector.puts] == [
        "bytes 0-327679/700000", "bytes 327680-655359/700000", "bytes 655360-699999/700000"]
    assert connector.uploaded(upload) == data


async def test_an_upload_session_that_refuses_a_range_is_a_failed_upload(connector: FakeConnector) -> None:
    upload = connector.upload_session("weg.pdf")
    async with aiohttp.ClientSession() as http:
        await files.upload(http, upload["uploadUrl"], b"%PDF-1.7", "application/pdf")
        with pytest.raises(files.UploadFailed, match="HTTP 404"):  # the session is complete: gone
            await files.upload(http, upload["uploadUrl"], b"%PDF-1.7", "application/pdf")


def deliverer(server: TeamsServer) -> TeamsDeliverer:
    found = server.ctx.deliverers["teams"]
    assert isinstance(found, TeamsDeliverer)
    return found


async def test_a_card_that_did_not_reach_the_personal_chat_goes_out_when_teams_sends_the_request_again(
        signed_server: TeamsServer, connector: FakeConnector, openid: FakeOpenId) -> None:
    anna = Person(signed_server, connector, openid)
    channel = act.channel_conversation()
    await anna.join_channel()
    await anna.say("start", channel)
    await anna.say(WHY, channel)
    asked = act.message(connector.url, "document pdf", conversation=channel, mention_bot=True)
    connector.fail_next_in(ANNAS_CHAT["id"], 500)
    connector.clear()

    assert await anna.post(asked) == 503  # the file is kept with the turn's other replies
    assert "Ik stuur het document in je persoonlijke chat met de coach." not in said(connector, act.CHANNEL)
    connector.clear()

    assert 200 <= await anna.post(asked) < 300

    assert len(consent_cards(connector, ANNAS_CHAT["id"])) == 1
    assert "Ik stuur het document in je persoonlijke chat met de coach." in said(connector, act.CHANNEL)
