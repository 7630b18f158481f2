"""The console coach: `python -m bot chat --team NAME`, interactive or driven by piped input.

One line is one answer. Piped input (no TTY) works the same, so a script can drive a whole
session; at the end of the input everything is already saved, and the next run resumes there.
"""

from __future__ import annotations

import getpass
import sys
from typing import TextIO

from bot.config import Settings
from bot.context import AppContext
from bot.render_text import render_replies
from flows.commands import parse_command
from flows.types import Inbound

CONSOLE_WORKSPACE = "local"


def _read_line(stream: TextIO, interactive: bool) -> str | None:
    if interactive:
        try:
            return input("> ")
        except EOFError:
            return None
    line = stream.readline()
    return None if line == "" else line.rstrip("\r\n")


def console_inbound(team: str, user: str, text: str, language: str | None = None) -> Inbound:
    return Inbound(platform="console", workspace=CONSOLE_WORKSPACE, team=team, user=user, user_name=user,
                   text=text, language=language)


async def run_chat(settings: Settings, team: str, user: str | None = None, language: str | None = None,
                   stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    interactive = stdin.isatty() and stdout.isatty()
    user = user or getpass.getuser()
    ctx = AppContext.create(settings)
    try:
        replies = await ctx.service.handle(console_inbound(team, user, "start", language))
        stdout.write(render_replies(replies) + "\n\n")
        while True:
            line = _read_line(stdin, interactive)
            if line is None:
                break
            if not interactive:
                stdout.write(f"> {line}\n")  # a transcript of a piped session reads like a conversation
            replies = await ctx.service.handle(console_inbound(team, user, line))
            stdout.write(render_replies(replies) + "\n\n")
            stdout.flush()
            command = parse_command(line)
            if command is not None and command.name == "stop":
                break
    except KeyboardInterrupt:
        stdout.write("\n")
    finally:
        await ctx.close()
    return 0
