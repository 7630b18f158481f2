"""The console coach: `python -m bot chat --team NAME`, interactive or driven by piped input.

One line is one answer. Piped input (no TTY) works the same, so a script can drive a whole
session; at the end of the input everything is already saved, and the next run resumes there.
"""

from __future__ import annotations

import getpass
import shlex
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from bot.config import Settings
from bot.context import AppContext
from bot.render_text import render_replies
from flows.definition import Text
from flows.types import Inbound, Reply

CONSOLE_WORKSPACE = "local"
# On the console `stop` ends the process, so "typ `verder`" (what chat platforms say) would not be true.
PAUSED_HERE = Text(
    nl="Gepauzeerd. Alles is bewaard en dit gesprek stopt nu. Start `{command}` opnieuw om precies hier verder "
    "te gaan.",
    en="Paused. Everything is saved and this session ends now. Run `{command}` again to pick up exactly here.",
)


def _paused(replies: Sequence[Reply], team: str) -> list[Reply] | None:
    """The replies with the engine's pause told the console's way, or None when the turn did not pause."""
    if not any(r.meta.get("kind") == "paused" for r in replies):
        return None
    command = f"python -m bot chat --team {shlex.quote(team)}"
    return [replace(r, text=PAUSED_HERE(r.meta.get("language", "nl")).format(command=command))
            if r.meta.get("kind") == "paused" else r for r in replies]


def _save_files(replies: Sequence[Reply], folder: Path) -> list[Reply]:
    """A file the coach hands over (the document, the KPI export) is written to `folder`, and shown by its path:
    in a terminal, that is how you get it."""
    shown = []
    for reply in replies:
        if reply.file is not None and reply.filename:
            path = folder / Path(reply.filename).name  # the name only: never a path from elsewhere
            path.write_bytes(reply.file)
            reply = replace(reply, text=f"{reply.text}\n💾 {path} ({max(1, len(reply.file) // 1024)} KB)", file=None)
        shown.append(reply)
    return shown


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
                   stdin: TextIO | None = None, stdout: TextIO | None = None, files_to: Path | None = None) -> int:
    """The conversation on stdin/stdout; files the coach hands over are saved in `files_to` (default: here)."""
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    folder = files_to or Path.cwd()
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
            replies = _save_files(await ctx.service.handle(console_inbound(team, user, line)), folder)
            paused = _paused(replies, team)
            stdout.write(render_replies(paused or replies) + "\n\n")
            stdout.flush()
            if paused is not None:
                break
    except KeyboardInterrupt:
        stdout.write("\n")
    finally:
        await ctx.close()
    return 0
