"""The command line: `python -m bot chat|export|serve|scheduler|simulate|teams-package|migrate`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence

from alembic.util.exc import CommandError

from bot.config import ConfigError, Settings
from flows.definition import FlowError
from storage.db import DatabaseUrlError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Strategy coach (Sterce model)")
    sub = parser.add_subparsers(dest="command", required=True)

    chat = sub.add_parser("chat", help="be coached in the terminal")
    chat.add_argument("--team", required=True, help="the team's name (its answers are kept under it)")
    chat.add_argument("--user", default=None, help="your name (default: your login name)")
    chat.add_argument("--lang", choices=["nl", "en"], default=None, help="language (default: Dutch)")

    export = sub.add_parser("export", help="a team's strategy: Markdown, JSON (everything), PDF or Word")
    export.add_argument("--team", required=True)
    export.add_argument("--format", choices=["md", "json", "docx", "pdf"], default="md")
    export.add_argument("--out", default=None, help="write here (PDF and Word default to a file named for the team)")

    sub.add_parser("migrate", help="bring the database to the newest schema")

    serve = sub.add_parser("serve", help="run the Slack/Teams server and the scheduler")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument("--no-scheduler", action="store_true")

    sub.add_parser("scheduler", help="run only the scheduler (its own process)")

    simulate = sub.add_parser("simulate", help="fast-forward the monthly cycle for a demo team")
    simulate.add_argument("--months", type=int, default=6)
    simulate.add_argument("--team", default=None)
    simulate.add_argument("--start", default=None, metavar="YYYY-MM-DD", help="the first day (default: now)")
    simulate.add_argument("--lang", default="nl", choices=("nl", "en"), help="the demo team's language")
    simulate.add_argument("--out", default=None, metavar="DIR", help="write each chart posted to DIR as a PNG")
    simulate.add_argument("--full", action="store_true", help="print every post's full text")

    package = sub.add_parser("teams-package", help="write the Microsoft Teams app package (zip)")
    package.add_argument("--out", default="coach-teams-app.zip")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings.from_env()
        return _dispatch(args, settings)
    except (ConfigError, FlowError, DatabaseUrlError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except CommandError as exc:
        print(f"error: the database could not be brought up to date ({exc}). If it was made by a newer "
              "version of the coach, update this checkout or point DATABASE_URL at another database.",
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    from storage.migrate import upgrade

    if args.command == "migrate":
        upgrade(settings.database_url)
        return 0
    if args.command == "chat":
        from bot.console import run_chat

        upgrade(settings.database_url)
        return asyncio.run(run_chat(settings, team=args.team, user=args.user, language=args.lang))
    if args.command == "export":
        from bot.export import run_export

        upgrade(settings.database_url)
        return asyncio.run(run_export(settings, team=args.team, fmt=args.format, out=args.out))
    if args.command == "serve":
        from bot.serve import run_serve

        upgrade(settings.database_url)
        return run_serve(settings, host=args.host, port=args.port, with_scheduler=not args.no_scheduler)
    if args.command == "scheduler":
        from scheduler.cli import run_scheduler_only

        upgrade(settings.database_url)
        return run_scheduler_only(settings)
    if args.command == "simulate":
        from scheduler.cli import run_simulation

        return run_simulation(settings, months=args.months, team=args.team, start=args.start, language=args.lang,
                              out=args.out, full=args.full)
    if args.command == "teams-package":
        from bot.teams.package import write_package

        return write_package(settings, args.out)
    raise AssertionError(args.command)
