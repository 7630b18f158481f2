"""Files in Teams: the file-consent flow of the Teams bot APIs (personal chats only).

1. A FILE reply (the strategy document, the KPI export) is stored with its bytes (`file_store`, in the
   database: an accept after a restart still finds them) and becomes a file-consent card naming the
   stored file's token (`cards.py`).
2. The person allows the file: Teams sends a `fileConsent/invoke` with an upload session in their
   OneDrive (`uploadInfo.uploadUrl`). The bytes are PUT there in fragments with `Content-Range`, then a
   file-info card shows the file as Teams shows a shared one. *Decline* gets a friendly confirmation.
3. The invoke is answered 200 in every case: what went wrong is said in the chat, in the team's language.

The upload URL is pre-authenticated: the bot's token is never sent to it.
"""

from __future__ import annotations

import dataclasses
import logging
import mimetypes
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

import aiohttp
from microsoft_agents.hosting.core import TurnContext
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.teams import cards, file_store, references, translate
from bot.teams import file_words as W
from bot.teams.sender import Sender
from flows.types import Reply, ReplyKind
from storage.repo import kpi_key

log = logging.getLogger(__name__)

CONSENT_INVOKE = "fileConsent/invoke"
# OneDrive takes an upload session in fragments of a multiple of 320 KiB, at most 60 MiB each.
FRAGMENT = 10 * 320 * 1024
UPLOAD_TIMEOUT = 30.0


class UploadFailed(Exception):
    pass


def again_of(reply: Reply) -> str | None:
    """The command that hands this file over anew."""
    if reply.meta.get("document"):
        return "document"
    if (reply.filename or "").lower().endswith(".csv"):
        return "export"
    return None


def is_document(replies: Sequence[Reply]) -> bool:
    return any(r.kind == ReplyKind.FILE and r.meta.get("document") for r in replies)


def has_files(replies: Sequence[Reply]) -> bool:
    return any(r.kind == ReplyKind.FILE and r.file is not None for r in replies)


def first_again(replies: Sequence[Reply], language: str) -> str:
    found = next((again_of(r) for r in replies if r.kind == ReplyKind.FILE and again_of(r)), None)
    return found or W.AGAIN_FALLBACK[W.language_of(language)]


def marked(replies: Sequence[Reply], language: str) -> list[Reply]:
    """The FILE replies told the language and the command to ask for them (no file stored: nowhere to ask)."""
    return [_mark(r, language) if r.kind == ReplyKind.FILE else r for r in replies]


def _mark(reply: Reply, language: str, token: str | None = None, filename: str | None = None) -> Reply:
    meta = {**reply.meta, cards.FILE_LANGUAGE: W.language_of(language), cards.FILE_AGAIN: again_of(reply)}
    if token is not None:
        meta[cards.FILE_TOKEN] = token
    return dataclasses.replace(reply, meta=meta, filename=filename or reply.filename)


async def offer(session: AsyncSession, tenant: str, user: str, team_key: str, replies: Sequence[Reply],
                language: str, now: datetime) -> list[Reply]:
    """Store the bytes of every FILE reply for `user` (in the caller's transaction); each FILE reply then
    carries its token, so `cards.py` draws its file-consent card."""
    if not has_files(replies):
        return list(replies)
    team_name = await references.team_display_name(session, tenant, team_key)
    out = []
    for reply in replies:
        if reply.kind != ReplyKind.FILE or reply.file is None:
            out.append(reply)
            continue
        name = teams_filename(reply.filename or "bestand", team_key, team_name)
        mime = str(reply.meta.get("mime") or mimetypes.guess_type(name)[0] or "application/octet-stream")
        token = await file_store.offer(session, file_store.Offer(
            tenant, user, team_key, name, mime, reply.file, W.language_of(language), again_of(reply)), now)
        out.append(_mark(reply, language, token, name))
    return out


def teams_filename(name: str, team_key: str, team_name: str | None) -> str:
    """The file's name as a marketer reads it: a Teams conversation id in it becomes the team's name."""
    if team_key and team_key in name:
        name = name.replace(team_key, kpi_key(team_name) if team_name else "team")
    return cards.safe_filename(name)


async def upload(http: aiohttp.ClientSession, url: str, data: bytes, mime: str, fragment: int = FRAGMENT) -> None:
    """PUT the bytes to an upload session, fragment by fragment; raises UploadFailed."""
    total = len(data)
    start = 0
    while True:
        chunk = data[start:start + fragment]
        end = start + len(chunk) - 1
        headers = {"Content-Range": f"bytes {start}-{end}/{total}", "Content-Type": mime}
        try:
            async with http.put(url, data=chunk, headers=headers) as response:
                await response.read()
                status = response.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise UploadFailed(f"the upload session could not be reached: {type(exc).__name__}") from exc
        start = end + 1
        if status in (200, 201) and start >= total:
            return
        if status != 202 or start >= total:
            raise UploadFailed(f"the upload session answered HTTP {status} to bytes {start - len(chunk)}-{end}")


class FileConsent:
    """Answers the `fileConsent/invoke` of a card this coach sent."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], sender: Sender, clock: Callable[[], datetime],
                 fragment: int = FRAGMENT, timeout: float = UPLOAD_TIMEOUT) -> None:
        self.sessions = sessions
        self.sender = sender
        self.clock = clock
        self.fragment = fragment
        self.timeout = timeout

    async def answer(self, context: TurnContext, activity: Mapping[str, Any], tenant: str) -> None:
        value = activity.get("value") if isinstance(activity.get("value"), Mapping) else {}
        consent = value.get("context") if isinstance(value.get("context"), Mapping) else {}
        token = str(consent.get(cards.CONSENT_CONTEXT) or "")
        user = translate.user_of(activity)[0]
        now = self.clock()
        async with self.sessions() as session:
            found = await file_store.find(session, tenant, user, token, now) if token else None
        if found is None:
            language = "en" if str(activity.get("locale") or "").lower().startswith("en") else "nl"
            log.info("Teams: a file-consent answer for a file not known (%s) from %s", token or "no token", user)
            await self._say(context, tenant, ReplyKind.PROBLEM, W.UNKNOWN, language, again=W.AGAIN_FALLBACK[language])
            return
        action = value.get("action")
        if action == "decline":
            await references.retrying(self.sessions, lambda s: file_store.declined(s, found.id))
            await self._say(context, tenant, ReplyKind.CONFIRM, W.DECLINED, found.language, found)
        elif action == "accept":
            await self._accept(context, tenant, found, value.get("uploadInfo"), now)

    async def _accept(self, context: TurnContext, tenant: str, found: file_store.Found, info: Any,
                      now: datetime) -> None:
        if found.status == "uploaded" and found.content_url and found.unique_id:  # the same accept again
            await self._show(context, tenant, found, {"contentUrl": found.content_url, "uniqueId": found.unique_id,
                                                      "name": found.uploaded_name or found.filename,
                                                      "fileType": found.file_type or ""})
            return
        if found.expired:
            await self._say(context, tenant, ReplyKind.PROBLEM, W.EXPIRED, found.language, found,
                            days=file_store.KEEP_FOR.days)
            return
        if found.data is None:  # declined before, or its bytes were dropped
            await self._say(context, tenant, ReplyKind.PROBLEM, W.UNKNOWN, found.language, found)
            return
        if not await references.retrying(self.sessions, lambda s: file_store.start_upload(s, found.id, now)):
            await self._say(context, tenant, ReplyKind.TEXT, W.BUSY, found.language, found)
            return
        upload_info = _upload_info(info, found)
        try:
            if upload_info is None:
                raise UploadFailed("the accept carried no upload session")
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout)) as http:
                await upload(http, upload_info["uploadUrl"], found.data, found.mime, self.fragment)
        except UploadFailed as failed:
            log.warning("Teams: uploading %s to the person's OneDrive failed: %s", found.filename, failed)
            await references.retrying(self.sessions, lambda s: file_store.upload_failed(s, found.id))
            await self._say(context, tenant, ReplyKind.PROBLEM, W.UPLOAD_FAILED, found.language, found)
            return
        assert upload_info is not None
        await references.retrying(self.sessions, lambda s: file_store.uploaded(
            s, found.id, upload_info["contentUrl"], upload_info["uniqueId"], upload_info["name"],
            upload_info["fileType"]))
        await self._show(context, tenant, found, upload_info)

    async def _show(self, context: TurnContext, tenant: str, found: file_store.Found,
                    upload_info: Mapping[str, str]) -> None:
        text = W.UPLOADED[W.language_of(found.language)].format(filename=upload_info["name"])
        await self.sender.send(context, cards.file_info_activity(text, upload_info), tenant)

    async def _say(self, context: TurnContext, tenant: str, kind: ReplyKind, words: Mapping[str, str],
                   language: str, found: file_store.Found | None = None, **values: Any) -> None:
        language = W.language_of(language)
        again = values.pop("again", None) or (found.again if found else None) or W.AGAIN_FALLBACK[language]
        text = words[language].format(filename=found.filename if found else "", again=again, **values)
        await self.sender.send(context, cards.reply_to_activity(Reply(kind, text)), tenant)


def _upload_info(info: Any, found: file_store.Found) -> dict[str, str] | None:
    """The accept's upload session, as the file-info card needs it; None when it has no upload URL."""
    if not isinstance(info, Mapping) or not info.get("uploadUrl") or not info.get("contentUrl"):
        return None
    name = str(info.get("name") or found.filename)
    file_type = str(info.get("fileType") or name.rsplit(".", 1)[-1])
    return {"uploadUrl": str(info["uploadUrl"]), "contentUrl": str(info["contentUrl"]), "name": name,
            "uniqueId": str(info.get("uniqueId") or ""), "fileType": file_type}
