"""Repository functions of the files offered through Teams' file-consent card (`TeamsPendingFile`).

The caller owns the transaction, as in `references.py`. Times are compared in SQL: SQLite hands them
back without a time zone. A file is found only by its token together with the tenant and the person it
was offered to, so an invoke from someone else finds nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.teams_models import TeamsPendingFile

KEEP_FOR = timedelta(days=7)  # a card accepted after a weekend still works; then the bytes are dropped
FORGET_AFTER = timedelta(days=30)  # after that, an accept no longer knows the file expired: it is unknown
UPLOAD_LEASE = timedelta(minutes=2)  # an upload still `uploading` after this was cut off (a restart)


@dataclass(frozen=True)
class Offer:
    """What to offer: the file and who it is for."""

    tenant_id: str
    user_id: str
    team_key: str
    filename: str
    mime: str
    data: bytes
    language: str
    again: str | None


@dataclass(frozen=True)
class Found:
    """A stored file as an accept or decline finds it."""

    id: int
    status: str  # offered | uploading | uploaded | declined
    expired: bool
    filename: str
    mime: str
    data: bytes | None
    language: str
    again: str | None
    content_url: str | None
    unique_id: str | None
    uploaded_name: str | None
    file_type: str | None


async def offer(session: AsyncSession, item: Offer, now: datetime) -> str:
    """Keep the file until the person answers the card; its token (what the card's contexts name)."""
    await purge(session, now)
    token = uuid.uuid4().hex
    session.add(TeamsPendingFile(
        token=token, tenant_id=item.tenant_id, user_id=item.user_id, team_key=item.team_key,
        filename=item.filename, mime=item.mime, size=len(item.data), data=item.data, language=item.language,
        again=item.again, status="offered", created_at=now, expires_at=now + KEEP_FOR))
    await session.flush()
    return token


async def find(session: AsyncSession, tenant_id: str, user_id: str, token: str, now: datetime) -> Found | None:
    row = (await session.execute(
        select(TeamsPendingFile, (TeamsPendingFile.expires_at <= now).label("expired"))
        .where(TeamsPendingFile.token == token, TeamsPendingFile.tenant_id == tenant_id,
               TeamsPendingFile.user_id == user_id))).first()
    if row is None:
        return None
    file, expired = row
    return Found(file.id, file.status, bool(expired), file.filename, file.mime, file.data, file.language,
                 file.again, file.content_url, file.unique_id, file.uploaded_name, file.file_type)


async def start_upload(session: AsyncSession, file_id: int, now: datetime) -> bool:
    """Take an offered, unexpired file for uploading; False when another accept is uploading it now."""
    result = await session.execute(
        update(TeamsPendingFile)
        .where(TeamsPendingFile.id == file_id, TeamsPendingFile.expires_at > now,
               TeamsPendingFile.data.is_not(None),
               or_(TeamsPendingFile.status == "offered",
                   and_(TeamsPendingFile.status == "uploading", TeamsPendingFile.upload_lease <= now)))
        .values(status="uploading", upload_lease=now + UPLOAD_LEASE).returning(TeamsPendingFile.id)
        .execution_options(synchronize_session=False))
    return result.scalar() is not None


async def uploaded(session: AsyncSession, file_id: int, content_url: str, unique_id: str, name: str,
                   file_type: str) -> None:
    """The bytes are in the person's OneDrive: drop them, keep where they are."""
    await session.execute(
        update(TeamsPendingFile).where(TeamsPendingFile.id == file_id)
        .values(status="uploaded", data=None, content_url=content_url, unique_id=unique_id,
                uploaded_name=name, file_type=file_type)
        .execution_options(synchronize_session=False))


async def upload_failed(session: AsyncSession, file_id: int) -> None:
    """Offered again: the card's accept may be pressed once more."""
    await session.execute(
        update(TeamsPendingFile).where(TeamsPendingFile.id == file_id, TeamsPendingFile.status == "uploading")
        .values(status="offered").execution_options(synchronize_session=False))


async def declined(session: AsyncSession, file_id: int) -> None:
    await session.execute(
        update(TeamsPendingFile).where(TeamsPendingFile.id == file_id, TeamsPendingFile.status == "offered")
        .values(status="declined", data=None).execution_options(synchronize_session=False))


async def purge(session: AsyncSession, now: datetime) -> None:
    """Drop the bytes of files past their time, and forget files long past it."""
    await session.execute(
        update(TeamsPendingFile).where(TeamsPendingFile.expires_at <= now, TeamsPendingFile.data.is_not(None))
        .values(data=None).execution_options(synchronize_session=False))
    await session.execute(delete(TeamsPendingFile).where(TeamsPendingFile.expires_at <= now - FORGET_AFTER)
                          .execution_options(synchronize_session=False))
