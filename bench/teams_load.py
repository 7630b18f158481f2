"""Load on the Teams endpoint: signed Bot Framework activities over loopback HTTP, replies to a fake connector.

    python bench/teams_load.py [--seconds 20] [--rounds 4] [--concurrency 1,8] [--people 8]
                               [--database sqlite:///bench.db | postgresql://postgres@127.0.0.1:5432/test]
                               [--checkout DIR] [--against DIR | --against-commit REV]

Three kinds of process. A server per build: the project's `/api/messages` with an app id, so every
activity's JWT is checked (RS256, signed with a key this bench generates; the server is pointed at a
local OpenID metadata + JWKS endpoint), run with that build's own code and virtualenv, on a database of
its own migrated by that build. One fake Bot Framework side: the OpenID metadata, the signing keys, the
outbound token and the Bot Connector REST API (`/v3/conversations/{id}/activities`), counting replies.
This process, the load generator: each of `concurrency` clients posts a personal-chat message "help"
from one of `--people` people (in `--tenants` tenants), waits for the answer, and posts the next (a
Teams turn runs inside the POST: the reply reaches the connector before the channel gets its 2xx). It
prints activities per second and p50/p99 per turn (the POST, reply included), and the non-2xx answers.

Before and after: `--against DIR` (an older checkout with its own `.venv`, e.g. made with `make test`
there) or `--against-commit REV` (a git worktree of REV in a temporary folder, its `.venv` installed
with `make`) runs that build as the baseline in alternating rounds with `--checkout` (default: this
tree), over the same stretch of the machine, and prints new / old per figure.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import inspect
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from measure import free_port, pct  # bench/measure.py: a script's own folder is on its path

HERE = Path(__file__).resolve()
ROOT = HERE.parents[1]

APP_ID = "0e3f5c7a-1b2d-4e6f-8a9b-c0d1e2f3a4b5"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
ISSUER = "https://api.botframework.com"
OUTBOUND_TOKEN = "bench-outbound-token"
BOT = {"id": "28:c9e8c047-2a74-40a2-b28a-b162d5f5327c", "name": "Coach"}


# --- the server process (runs with the checkout's own interpreter and code) ------------------------------

def serve(root: str, port: int) -> None:
    sys.path.insert(0, root)
    os.chdir(root)
    from aiohttp import web

    from bot.config import Settings
    from bot.context import AppContext
    from bot.server import CONTEXT_KEY, healthz
    from bot.teams import mount_teams
    from storage.migrate import upgrade

    if os.environ.get("BENCH_LOG_LEVEL"):  # e.g. INFO: the server's retries and refusals in its log
        import logging

        logging.basicConfig(level=os.environ["BENCH_LOG_LEVEL"])
    settings = Settings.from_env()
    upgrade(settings.database_url)
    ctx = AppContext.create(settings)
    app = web.Application()
    app[CONTEXT_KEY] = ctx
    app.router.add_get("/healthz", healthz)
    mount_teams(app, ctx, **_fake_login(mount_teams))

    async def close(_app: web.Application) -> None:
        await ctx.close()

    app.on_cleanup.append(close)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


def _fake_login(mount_teams: Any) -> dict[str, Any]:
    """How this build is told to take its outbound token from the fake rather than login.microsoftonline.com."""
    parameters = inspect.signature(mount_teams).parameters
    if "credentials_factory" in parameters:  # botbuilder 4.17 (before the Agents SDK)
        from botframework.connector.auth import AppCredentials, PasswordServiceClientCredentialFactory

        class Fixed(AppCredentials):
            def get_access_token(self, force_refresh: bool = False) -> str:
                return OUTBOUND_TOKEN

        class Factory(PasswordServiceClientCredentialFactory):
            async def create_credentials(self, app_id: str, oauth_scope: str, login_endpoint: str,
                                         validate_authority: bool) -> AppCredentials:
                return Fixed(app_id=app_id, oauth_scope=oauth_scope)

        return {"credentials_factory": Factory(APP_ID, "bench-secret")}
    # The Agents SDK build: the SDK's own connection routing, with the token fetch (MSAL's part) replaced.
    from microsoft_agents.hosting.core import ConnectionManager
    from microsoft_agents.hosting.core.authorization import AnonymousTokenProvider

    from bot.config import Settings
    from bot.teams.auth import SERVICE_CONNECTION, sdk_configuration

    class Fixed(AnonymousTokenProvider):
        def __init__(self, configuration: Any) -> None:
            self._configuration = configuration

        @property
        def configuration(self) -> Any:
            return self._configuration

        async def get_access_token(self, resource_url: str, scopes: list[str], force_refresh: bool = False) -> str:
            return OUTBOUND_TOKEN

    configuration = sdk_configuration(Settings.from_env())
    return {"connections": ConnectionManager(provider_factory=Fixed,
                                             connections_configurations={SERVICE_CONNECTION: configuration})}


# --- the fake Bot Framework side (its own process) ---------------------------------------------------------

def fake_bot_framework() -> None:
    from aiohttp import web

    jwks = json.loads(os.environ["BENCH_JWKS"])
    replies: dict[str, int] = {}
    counter = [0]

    async def metadata(request: web.Request) -> web.Response:
        base = f"http://{request.host}"
        return web.json_response({"issuer": ISSUER, "jwks_uri": f"{base}/keys",
                                  "id_token_signing_alg_values_supported": ["RS256"]})

    async def keys(_request: web.Request) -> web.Response:
        return web.json_response(jwks)

    async def activity(request: web.Request) -> web.Response:
        await request.read()
        conversation = request.match_info["conversation"]
        replies[conversation] = replies.get(conversation, 0) + 1
        counter[0] += 1
        return web.json_response({"id": f"activity-{counter[0]}"})

    async def told(_request: web.Request) -> web.Response:
        return web.json_response({"replies": sum(replies.values())})

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/.well-known/openidconfiguration", metadata)
        app.router.add_get("/keys", keys)
        app.router.add_post("/v3/conversations/{conversation}/activities", activity)
        app.router.add_post("/v3/conversations/{conversation}/activities/{reply_to}", activity)
        app.router.add_get("/bench/replies", told)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        print(f"http://127.0.0.1:{port}", flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())


# --- the load generator ------------------------------------------------------------------------------------

@dataclass
class Figures:
    turns: list[float] = field(default_factory=list)
    failed: dict[int, int] = field(default_factory=dict)
    busy: float = 0.0

    def add(self, other: Figures) -> None:
        self.turns += other.turns
        self.busy += other.busy
        for status, n in other.failed.items():
            self.failed[status] = self.failed.get(status, 0) + n


@dataclass
class Build:
    name: str
    root: Path
    python: Path
    port: int = 0
    process: asyncio.subprocess.Process | None = None
    log: Path | None = None
    sent: int = 0
    figures: dict[int, Figures] = field(default_factory=dict)


def signing_key() -> tuple[Any, dict[str, Any]]:
    from cryptography.hazmat.primitives.asymmetric import rsa
    from jwt.algorithms import RSAAlgorithm

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update(kid="bench-key", use="sig", endorsements=["msteams"])
    return key, {"keys": [jwk]}


def channel_token(key: Any, service_url: str) -> str:
    """One token per build, as the channel reuses its token for an hour: the bench times turns, not signing."""
    import jwt

    now = int(time.time())
    claims = {"iss": ISSUER, "aud": APP_ID, "serviceurl": service_url, "nbf": now - 10, "iat": now - 10,
              "exp": now + 3600}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "bench-key"})


def tenant_of(person: int, tenants: int) -> str:
    return TENANT if person % tenants == 0 else f"00000000-0000-4000-8000-{person % tenants:012d}"


def activity(service_url: str, build: str, person: int, n: int, tenants: int = 1) -> dict[str, Any]:
    sender = {"id": f"29:bench-{person:05d}", "name": f"Persoon {person}",
              "aadObjectId": f"00000000-0000-4000-8000-{person:012d}"}
    return {
        "type": "message", "id": f"{build}-{n}", "timestamp": "2026-11-23T09:00:00.000Z", "serviceUrl": service_url,
        "channelId": "msteams", "from": sender, "recipient": BOT, "locale": "nl-NL", "text": "help",
        "textFormat": "plain",
        "conversation": {"conversationType": "personal", "id": f"a:bench-{build}-{person:05d}",
                         "tenantId": tenant_of(person, tenants)},
        "channelData": {"tenant": {"id": tenant_of(person, tenants)}},
        "entities": [{"type": "clientInfo", "locale": "nl-NL", "platform": "Web"}],
    }


async def start_server(build: Build, database: str, fake_url: str) -> None:
    build.port = free_port()
    env = {**os.environ, "DATABASE_URL": database, "MICROSOFT_APP_ID": APP_ID,
           "MICROSOFT_APP_PASSWORD": "bench-secret", "COACH_SCHEDULER_DISABLED": "1",
           "TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL": f"{fake_url}/.well-known/openidconfiguration",
           "TO_BOT_FROM_CHANNEL_TOKEN_ISSUER": ISSUER, "PYTHONPATH": str(build.root)}
    for name in ("SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "TEAMS_ALLOW_UNAUTHENTICATED_LOCAL_DEV"):
        env.pop(name, None)
    build.log = Path(tempfile.mkstemp(prefix=f"teams-bench-{build.name}-", suffix=".log")[1])
    with build.log.open("wb") as log:  # tracebacks of failed turns go here, not between the figures
        build.process = await asyncio.create_subprocess_exec(str(build.python), str(HERE), "--serve",
                                                             str(build.root), str(build.port), env=env,
                                                             cwd=build.root, stderr=log)


async def wait_healthy(http: Any, build: Build) -> None:
    import aiohttp

    async with asyncio.timeout(60):
        while True:
            if build.process is not None and build.process.returncode is not None:
                raise SystemExit(f"the {build.name} server stopped (exit {build.process.returncode})")
            try:
                async with http.get(f"http://127.0.0.1:{build.port}/healthz") as r:
                    if r.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)


async def phase(http: Any, build: Build, token: str, service_url: str, concurrency: int, people: int,
                seconds: float, tenants: int) -> Figures:
    figures = Figures()
    url = f"http://127.0.0.1:{build.port}/api/messages"
    headers = {"Authorization": f"Bearer {token}"}
    deadline = time.perf_counter() + seconds

    async def client(c: int) -> None:
        k = 0
        while time.perf_counter() < deadline:
            person = (c + k * concurrency) % people
            k += 1
            build.sent += 1
            body = activity(service_url, build.name, person, build.sent, tenants)
            started = time.perf_counter()
            async with http.post(url, json=body, headers=headers) as response:
                await response.read()
                if 200 <= response.status < 300:
                    figures.turns.append(time.perf_counter() - started)
                else:
                    figures.failed[response.status] = figures.failed.get(response.status, 0) + 1

    started = time.perf_counter()
    await asyncio.gather(*(client(c) for c in range(concurrency)))
    figures.busy = time.perf_counter() - started
    return figures


async def run(builds: list[Build], databases: list[str], seconds: float, rounds: int, concurrencies: list[int],
              people: int, warmup: float, tenants: int) -> None:
    import aiohttp

    key, jwks = signing_key()
    fake = await asyncio.create_subprocess_exec(sys.executable, str(HERE), "--fake", stdout=asyncio.subprocess.PIPE,
                                                env={**os.environ, "BENCH_JWKS": json.dumps(jwks)})
    assert fake.stdout is not None
    fake_url = (await fake.stdout.readline()).decode().strip()
    service_url = f"{fake_url}/"
    token = channel_token(key, service_url)
    try:
        for build, database in zip(builds, databases, strict=True):
            await start_server(build, database, fake_url)
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
            for build in builds:
                await wait_healthy(http, build)
            for build in builds:  # unmeasured: first turns compile statements, fetch keys, create the people
                await phase(http, build, token, service_url, max(concurrencies), people, warmup, tenants)
            gc.collect()
            gc.freeze()
            # Alternating rounds (old, new, old, new ...): a shared machine's noise falls on both builds alike.
            for _ in range(rounds):
                for concurrency in concurrencies:
                    for build in builds:
                        figures = await phase(http, build, token, service_url, concurrency, people, seconds / rounds,
                                              tenants)
                        build.figures.setdefault(concurrency, Figures()).add(figures)
                        await asyncio.sleep(0.2)
            async with http.get(f"{fake_url}/bench/replies") as r:
                replies = (await r.json())["replies"]
    finally:
        for build in builds:
            if build.process is not None and build.process.returncode is None:
                build.process.terminate()
                await build.process.wait()
        fake.terminate()
        await fake.wait()
    report(builds, databases[0], seconds, rounds, people, replies, tenants)


def report(builds: list[Build], database: str, seconds: float, rounds: int, people: int, replies: int,
           tenants: int) -> None:
    print(f"{seconds:g} s per build and concurrency in {rounds} alternating rounds, {people} people in {tenants} "
          f"tenants writing 'help' in their personal chats, database {database.split(':')[0]}")
    for concurrency in sorted(builds[0].figures):
        for build in builds:
            f = build.figures[concurrency]
            failed = ", ".join(f"{n} x HTTP {s}" for s, n in sorted(f.failed.items())) or "none failed"
            print(f"{build.name:5} concurrency {concurrency:2}  {len(f.turns) / f.busy:7.1f} activities/s  "
                  f"turn p50 {pct(f.turns, 50):6.1f} ms  p99 {pct(f.turns, 99):6.1f} ms  ({failed})")
        if len(builds) == 2:
            old, new = (b.figures[concurrency] for b in builds)
            rate = (len(new.turns) / new.busy) / (len(old.turns) / old.busy)
            p50, p99 = (pct(new.turns, p) / pct(old.turns, p) for p in (50, 99))
            print(f"{'':5} new / old: activities/s x{rate:.2f}, p50 x{p50:.2f}, p99 x{p99:.2f}"
                  " (goal: activities/s >= 1, p50 and p99 <= 1)")
    print(f"replies that reached the fake connector (warm-up included): {replies}")
    for build in builds:
        if build.log is not None and build.log.stat().st_size:
            print(f"the {build.name} server's log (errors of failed turns): {build.log}")


def build_of(name: str, root: Path) -> Build:
    python = root / ".venv" / "bin" / "python"
    if not python.exists():
        raise SystemExit(f"{root} has no .venv: run `make test` (or `make .venv/.installed`) there first")
    return Build(name, root, python)


@contextlib.contextmanager
def worktree_of(commit: str) -> Iterator[Path]:
    """A git worktree of `commit` in a temporary folder, with its own virtualenv (made by its Makefile)."""
    folder = Path(tempfile.mkdtemp(prefix="coach-teams-bench-"))
    tree = folder / "tree"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), commit], check=True)
    try:
        subprocess.run(["make", "-C", str(tree), ".venv/.installed"], check=True)
        yield tree
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
        subprocess.run(["rm", "-rf", str(folder)], check=False)


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--serve":
        serve(sys.argv[2], int(sys.argv[3]))
        return
    if sys.argv[1:] == ["--fake"]:
        fake_bot_framework()
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20, help="measured seconds per build and concurrency")
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds the seconds are split over")
    parser.add_argument("--warmup", type=float, default=2, help="unmeasured seconds per build first")
    parser.add_argument("--concurrency", default="1,8", help="clients posting at once, comma-separated")
    parser.add_argument("--people", type=int, default=200,
                        help="people taking turns; few people write faster than Teams lets a bot answer one chat "
                             "(7/s, 8 in 2 s), and the Agents SDK build then paces its replies as Teams requires")
    parser.add_argument("--tenants", type=int, default=4,
                        help="the people are spread over this many tenants (Teams allows a bot 50 requests/s per "
                             "tenant, which the Agents SDK build keeps to)")
    parser.add_argument("--database", default=None,
                        help="a SQLite file (each build gets its own beside it), or a PostgreSQL server (a scratch "
                             "database per build); default: fresh SQLite files in a temporary folder")
    parser.add_argument("--checkout", type=Path, default=ROOT, help="the build to measure (default: this tree)")
    against = parser.add_mutually_exclusive_group()
    against.add_argument("--against", type=Path, help="an older checkout to measure in the same run, as baseline")
    against.add_argument("--against-commit", help="a commit to check out in a temporary worktree as baseline")
    args = parser.parse_args()
    concurrencies = [int(c) for c in args.concurrency.split(",") if c.strip()]
    sys.path.insert(0, str(ROOT))
    from storage.scratch import bench_database

    with contextlib.ExitStack() as stack:
        builds = [build_of("new", args.checkout.resolve())]
        if args.against_commit:
            builds.insert(0, build_of("old", stack.enter_context(worktree_of(args.against_commit))))
        elif args.against:
            builds.insert(0, build_of("old", args.against.resolve()))
        databases = []
        for build in builds:
            given = args.database
            if given and given.startswith("sqlite") and len(builds) > 1:
                given = given.replace(".db", f"-{build.name}.db")
            databases.append(stack.enter_context(bench_database(given)))
        if len(builds) == 1:
            builds[0].name = "build"
        asyncio.run(run(builds, databases, args.seconds, args.rounds, concurrencies, args.people, args.warmup,
                        args.tenants))


if __name__ == "__main__":
    main()
