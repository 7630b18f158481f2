"""Tables of the Teams adapter: where to reach a conversation later, and which activities were handled.

Kept out of `storage/models.py` (which stays platform-free) but on the same `Base`, so one
metadata holds every table. Migration: `storage/migrations/versions/0003_teams.py`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, utcnow


class TeamsConversationReference(Base):
    """The full Bot Framework ConversationReference of one conversation, saved on install and on every message.

    The scheduler posts proactively from it; it is deleted when the bot is removed. Keyed by tenant
    first, so a lookup for one tenant can never return another tenant's conversation.
    """

    __tablename__ = "teams_conversation_references"
    __table_args__ = (
        UniqueConstraint("tenant_id", "conversation_id"),
        Index("ix_teams_refs_user", "tenant_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(100))
    conversation_id: Mapped[str] = mapped_column(String(300))  # the team key (";messageid=" removed)
    conversation_type: Mapped[str | None] = mapped_column(String(20))  # personal | channel | groupChat
    user_id: Mapped[str | None] = mapped_column(String(200))  # personal chats: the person, for direct posts
    service_url: Mapped[str] = mapped_column(String(500))
    reference: Mapped[dict[str, Any]] = mapped_column(JSON)  # ConversationReference, serialised
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class TeamsProcessedActivity(Base):
    """One row per activity handled, written in the same transaction as its turn's answers.

    A redelivery (same tenant and id) finds the row and is skipped; a turn that failed or crashed
    before its commit left no row, so its redelivery is handled. (`status` is always `done` now;
    the column stays for rows written by earlier versions.)
    """

    __tablename__ = "teams_processed_activities"
    __table_args__ = (UniqueConstraint("tenant_id", "activity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(100))
    activity_id: Mapped[str] = mapped_column(String(300))
    conversation_id: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(12), default="processing")  # processing | done
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
