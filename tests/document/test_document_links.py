"""The leadership summary's link to the strategy document, opened over real HTTP against the one aiohttp app.

The cycle runs as in production (the scan, the sender, a fake chat platform on 127.0.0.1) with a controlled
clock; the link it posts is fetched from the server `python -m bot serve` builds.
"""

from __future__ import annotations

import asyncio
import logging
import re
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import aiohttp
import pytest
from aiohttp import web
from sqlalchemy import delete, select

from bot.config import Settings
from bot.context import AppContext
from bot.server import build_app
from scheduler.demo import DEMO_ACTIONS, DEMO_PROPOSITIONS, seed_demo_team
from scheduler.fake_platform import FakePlatform, HttpDeliverer
from scheduler.scan import scan
from scheduler.sender import Sender
from scheduler.state import load_bundles
from scheduler.summaries import leadership
from storage import repo
from storage.models import Answer, Team
from tests.document.readback import docx_text, pdf_pages

AMS = ZoneInfo("Europe/Amsterdam")
SECRET = "a-document-secret-for-the-tests"
LINK = re.compile(r"\]\((http://127\.0\.0\.1:\d+/documents/[^)\s]+)\)")


def at(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=AMS)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Server:
    url: str
    ctx: AppContext
    clock: Clock
    http: aiohttp.ClientSession

    async def get(self, url: str) -> tuple[int, dict[str, str], bytes]:
        async with self.http.get(url) as response:
            return response.status, dict(response.headers), await response.read()

    async def team_id(self, name: str) -> int:
        async with self.ctx.sessions() as session:
            return (await session.scalar(select(Team).where(Team.external_id == name))).id

    async def summary(self, name: str) -> str:
        """The leadership summary's text for November, as the scan builds it."""
        async with self.ctx.sessions() as session:
            bundle = next(b for b in await load_bundles(session, self.clock()) if b.name == name)
            return (await leadership(session, bundle, "2026-11"))[0].text

    async def seed(self, name: str, **kwargs: object) -> None:
        async with self.ctx.sessions() as session, session.begin():
            await seed_demo_team(session, name, **kwargs)  # type: ignore[arg-type]


async def serve(db_url: str, clock: Clock, *, public: bool = True, access_log: bool = False,
                **settings: object) -> tuple[Server, web.AppRunner]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))  # bound before the app exists, so PUBLIC_URL can name its port
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    values: dict[str, object] = dict(database_url=db_url, scheduler_enabled=False, document_secret=SECRET,
                                     public_url=base + "/" if public else None)
    values.update(settings)
    ctx = AppContext.create(Settings(**values), clock=clock)  # type: ignore[arg-type]
    runner = web.AppRunner(build_app(ctx, with_scheduler=False),
                           **({} if access_log else {"access_log": None}))  # type: ignore[arg-type]
    await runner.setup()
    await web.SockSite(runner, sock).start()
    return Server(base, ctx, clock, aiohttp.ClientSession()), runner


@pytest.fixture
async def server(db_url: str) -> AsyncIterator[Server]:
    running, runner = await serve(db_url, Clock(at(date(2026, 12, 3))))
    yield running
    await running.http.close()
    await runner.cleanup()


async def link_of(server: Server, name: str = "dec") -> str:
    found = LINK.search(await server.summary(name))
    assert found, "the summary has no document link"
    return found[1]


@pytest.fixture
async def server_on_both(any_db_url: str) -> AsyncIterator[Server]:
    running, runner = await serve(any_db_url, Clock(at(date(2026, 12, 3))))
    yield running
    await running.http.close()
    await runner.cleanup()


async def test_the_leadership_summary_posted_by_the_cycle_links_to_a_pdf_of_the_teams_strategy(
        server_on_both: Server):
    server = server_on_both
    await server.seed("dec")
    platform = FakePlatform()
    await platform.start()
    deliverer = HttpDeliverer(platform.url, platform="console")
    sender = Sender(server.ctx.sessions, {"console": deliverer}, server.clock, pace_seconds=0)
    try:
        day = date(2026, 12, 3)
        while day <= date(2026, 12, 20):
            server.clock.now = at(day)
            await scan(server.ctx.sessions, server.clock.now)
            await sender.send_ready()
            day += timedelta(days=1)
    finally:
        await deliverer.close()
        await platform.stop()
    [summary] = [p for p in platform.posts if "/leadership/" in p["key"]]
    [line] = [t for t in summary["texts"][0].splitlines() if t.startswith("*Strategiedocument:*")]
    assert re.fullmatch(r"\*Strategiedocument:\* \[strategie-dec\.pdf\]\((http://127\.0\.0\.1:\d+/documents/"
                        r"\d+\.\d+\.[A-Za-z0-9_-]{22})\) · om te bewerken in Word: \[strategie-dec\.docx\]"
                        r"\(\1\?format=docx\)", line)

    status, headers, body = await server.get(LINK.search(line)[1])

    assert status == 200
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == f'inline; filename="strategie-dec-{server.clock.now.date()}.pdf"'
    text = " ".join(pdf_pages(body))
    for answer in [*DEMO_PROPOSITIONS.values(), *DEMO_PROPOSITIONS, DEMO_ACTIONS[0]["what"]]:
        assert answer in text


async def test_the_same_link_with_format_docx_gives_the_word_file(server: Server):
    await server.seed("dec")
    status, headers, body = await server.get(await link_of(server) + "?format=docx")
    assert status == 200
    assert headers["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert headers["Content-Disposition"] == 'attachment; filename="strategie-dec-2026-12-03.docx"'
    text = docx_text(body)
    assert all(proposition in text for proposition in DEMO_PROPOSITIONS.values())


async def test_the_summary_links_the_word_file_beside_the_pdf_in_slack_and_in_teams(server: Server):
    from bot.slack.blocks import mrkdwn
    from bot.teams.cards import reply_to_card

    await server.seed("dec")
    pdf = await link_of(server)
    async with server.ctx.sessions() as session:
        bundle = next(b for b in await load_bundles(session, server.clock()) if b.name == "dec")
        summary = (await leadership(session, bundle, "2026-11"))[0]
    word = pdf + "?format=docx"
    assert f"<{pdf}|strategie-dec.pdf> · om te bewerken in Word: <{word}|strategie-dec.docx>" in mrkdwn(summary.text)
    assert any(f"[strategie-dec.docx]({word})" in block.get("text", "") for block in reply_to_card(summary)["body"])

    status, headers, body = await server.get(word)

    assert status == 200
    assert headers["Content-Disposition"] == 'attachment; filename="strategie-dec-2026-12-03.docx"'
    assert all(proposition in docx_text(body) for proposition in DEMO_PROPOSITIONS.values())


async def test_the_link_is_short_enough_for_any_chat_message(server: Server):
    await server.seed("dec")
    link = await link_of(server)
    assert len(link.removeprefix(server.url)) <= 60  # the address, /documents/, the team, the date, the signature


async def test_a_link_from_last_months_summary_still_opens_the_current_document(server: Server):
    await server.seed("dec")
    link = await link_of(server)
    async with server.ctx.sessions() as session, session.begin():
        await repo.add_answer_version(session, await server.team_id("dec"), "propositions.proposition", "Starters",
                                      "Online verkopen in drie dagen, met hulp aan de telefoon.", None, "final", None,
                                      previous_version=1)
    server.clock.now += timedelta(days=44)
    status, _, body = await server.get(link)
    assert status == 200
    assert "Online verkopen in drie dagen, met hulp aan de telefoon." in " ".join(pdf_pages(body))


async def test_an_expired_link_says_so_in_the_teams_language(server: Server):
    await server.seed("growth", language="en")
    link = await link_of(server, "growth")
    server.clock.now += timedelta(days=46)
    status, headers, body = await server.get(link)
    assert status == 403
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    page = body.decode()
    assert "This link to growth&#x27;s strategy document has expired: a link works for 45 days." in page
    assert "verlopen" not in page


async def test_a_tampered_signature_is_refused_with_a_short_page_in_both_languages(server: Server):
    await server.seed("dec")
    link = await link_of(server)
    tampered = link[:-1] + ("A" if link[-1] != "A" else "B")
    status, headers, body = await server.get(tampered)
    assert status == 403
    page = body.decode()
    assert "Deze link naar het strategiedocument klopt niet" in page
    assert "This link to the strategy document is not right" in page
    assert "Traceback" not in page and headers["Cache-Control"] == "no-store"


async def test_a_token_naming_another_team_is_refused(server: Server):
    await server.seed("dec")
    await server.seed("other")
    link = await link_of(server, "dec")
    dec, other = await server.team_id("dec"), await server.team_id("other")
    head, token = link.rsplit("/", 1)
    assert token.startswith(f"{dec}.")
    status, _, body = await server.get(f"{head}/{other}{token.removeprefix(str(dec))}")
    assert status == 403
    assert b"klopt niet" in body


async def test_a_later_expiry_written_into_the_token_is_refused(server: Server):
    await server.seed("dec")
    head, token = (await link_of(server)).rsplit("/", 1)
    team, expires, mac = token.split(".")
    status, _, _ = await server.get(f"{head}/{team}.{int(expires) + 365 * 86400}.{mac}")
    assert status == 403


@pytest.mark.parametrize("token", ["nonsense", "1.2", "1.2.3.4", "1..", "%C3%A9.1.x", "9" * 4000 + ".1.x"])
async def test_a_made_up_token_gets_the_friendly_page_not_an_error(server: Server, token: str):
    status, _, body = await server.get(f"{server.url}/documents/{token}")
    assert status == 403
    assert b"klopt niet" in body


async def test_a_team_without_a_strategy_yet_gets_a_friendly_404_in_its_language(server: Server):
    async with server.ctx.sessions() as session, session.begin():
        workspace = await repo.get_or_create_workspace(session, "console", "local")
        team = await repo.get_or_create_team(session, workspace, "new", name="New team", language="en")
    assert server.ctx.document_links is not None
    status, _, body = await server.get(server.ctx.document_links.url_for(team.id))
    assert status == 404
    assert "New team has no strategy to put in a document yet. Type <code>start</code>" in body.decode()


async def test_a_team_without_answers_gets_no_document_line_in_its_summary(server: Server):
    await server.seed("dec")
    async with server.ctx.sessions() as session, session.begin():
        await session.execute(delete(Answer))
    assert "Strategiedocument" not in await server.summary("dec")


async def test_an_unknown_format_is_answered_with_the_two_that_exist(server: Server):
    await server.seed("dec")
    status, _, body = await server.get(await link_of(server) + "?format=odt")
    assert status == 400
    assert b"?format=pdf" in body and b"?format=docx" in body


async def test_a_link_preview_asking_only_for_the_headers_gets_them(server: Server):
    await server.seed("dec")
    async with server.http.head(await link_of(server)) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "application/pdf"
        assert await response.read() == b""


async def test_without_public_url_the_summary_points_to_the_document_command(db_url: str):
    running, runner = await serve(db_url, Clock(at(date(2026, 12, 3))), public=False)
    try:
        await running.seed("dec")
        text = await running.summary("dec")
    finally:
        await running.http.close()
        await runner.cleanup()
    assert "*Strategiedocument:* de actuele versie als PDF: typ `document` in het kanaal van dec." in text
    assert "/documents/" not in text


async def test_healthz_answers_while_documents_render(server: Server):
    await server.seed("dec")
    link = await link_of(server)
    started = asyncio.Event()

    class RenderStarted(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.getMessage().startswith("rendering the"):
                started.set()

    watcher = RenderStarted(level=logging.DEBUG)
    renderer_log = logging.getLogger("bot.document.serve")
    renderer_log.addHandler(watcher)
    renderer_log.setLevel(logging.DEBUG)
    try:
        documents = [asyncio.create_task(server.get(link + ("?format=docx" if n % 2 else ""))) for n in range(4)]
        await asyncio.wait_for(started.wait(), timeout=30)
        status, _, body = await server.get(server.url + "/healthz")
        pending = sum(not d.done() for d in documents)
        answers = await asyncio.gather(*documents)
    finally:
        renderer_log.removeHandler(watcher)
        renderer_log.setLevel(logging.NOTSET)
    assert (status, body) == (200, b'{"ok": true, "slack": false, "teams": false}')
    assert pending >= 2  # the renders queue in their own thread: the loop answered /healthz meanwhile
    assert [a[0] for a in answers] == [200, 200, 200, 200]


async def test_the_log_says_who_fetched_what_and_never_the_token(db_url: str, caplog: pytest.LogCaptureFixture):
    running, runner = await serve(db_url, Clock(at(date(2026, 12, 3))), access_log=True)
    try:
        await running.seed("dec")
        link = await link_of(running)
        token = link.rsplit("/", 1)[1]
        with caplog.at_level(logging.INFO):
            await running.get(link + "?format=docx")
            await running.get(link[:-2] + "xx")
    finally:
        await running.http.close()
        await runner.cleanup()
    messages = [r.getMessage() for r in caplog.records]
    assert f"strategy document fetched: team {team_in(token)}, format docx" in messages
    assert "document link refused: signature" in messages
    assert any('"GET /documents/…?format=docx HTTP/1.1" 200' in m for m in messages)  # the access log, masked
    assert not any(token in m or token[:-2] in m for m in messages)


def team_in(token: str) -> int:
    return int(token.split(".")[0])


async def test_the_link_stays_one_link_in_slack_and_in_teams(server: Server):
    from bot.slack.blocks import mrkdwn
    from bot.teams.cards import reply_to_card

    await server.seed("dec")
    link = await link_of(server)
    async with server.ctx.sessions() as session:
        bundle = next(b for b in await load_bundles(session, server.clock()) if b.name == "dec")
        summary = (await leadership(session, bundle, "2026-11"))[0]
    assert f"<{link}|strategie-dec.pdf>" in mrkdwn(summary.text)
    card_texts = [block.get("text", "") for block in reply_to_card(summary)["body"]]
    assert any(f"[strategie-dec.pdf]({link})" in text for text in card_texts)


async def test_a_database_failing_mid_request_gives_a_page_saying_so_not_a_stack_trace(tmp_path):
    from storage.migrate import upgrade

    url = f"sqlite:///{tmp_path}/own.db"  # a database of its own: this test breaks it
    upgrade(url)
    running, runner = await serve(url, Clock(at(date(2026, 12, 3))))
    try:
        await running.seed("dec")
        link = await link_of(running)
        async with running.ctx.engine.begin() as conn:
            await conn.exec_driver_sql("DROP TABLE answers")
        status, _, body = await running.get(link)
    finally:
        await running.http.close()
        await runner.cleanup()
    assert status == 503
    assert b"Het document kon nu niet gemaakt worden" in body and b"Traceback" not in body
