"""Tables of the Teams adapter: where to reach a conversation later, and which activities were handled.

Kept out of `storage/models.py` (which stays platform-free) but on the same `Base`, so one
metadata holds every table. Migrations: `storage/migrations/versions/0003_teams.py`, `0006_teams_sdk.py`,
`0011_teams_files.py`, `0014_teams_waiting.py`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, LargeBinary, String, UniqueConstraint
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

    The row keeps the turn's replies (message activities, as sent) until all of them reached Teams:
    status `replying`, `sent` of them delivered so far; then `done` and the replies are dropped. A
    redelivery of a `done` activity is skipped; of a `replying` one, the rest of its replies is sent
    (the turn is not run again). A turn that failed before its commit left no row, so its redelivery
    is handled as new. Rows left `replying` (the process died while sending, and Teams did not send
    the activity again) are picked up by the reply sweeper once `retry_at` has passed.
    """

    __tablename__ = "teams_processed_activities"
    __table_args__ = (UniqueConstraint("tenant_id", "activity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(100))
    activity_id: Mapped[str] = mapped_column(String(300))
    # Where the activity came in: in a channel thread the thread's id (`<channel>;messageid=<root>`; rows from
    # before 2026-12 have the channel's), so the sweeper posts the owed replies into that thread.
    conversation_id: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(12), default="done")  # replying | done
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    replies: Mapped[list[Any] | None] = mapped_column(JSON)  # the activities still owed, while replying
    sent: Mapped[int] = mapped_column(Integer, default=0)  # how many of `replies` Teams has accepted
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    retry_at: Mapped[datetime | None] = mapped_column()  # when the sweeper may send again (a lease, too)


class TeamsPerson(Base):
    """A person as Teams knows them: the bot-scoped user id (`29:...`, what mentions carry) and the
    Entra (AAD) object id beside it, with the display name last seen. Kept per tenant."""

    __tablename__ = "teams_people"
    __table_args__ = (UniqueConstraint("tenant_id", "user_id"), Index("ix_teams_people_aad", "tenant_id",
                                                                       "aad_object_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[str] = mapped_column(String(200))
    aad_object_id: Mapped[str | None] = mapped_column(String(100))
    name: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class TeamsPersonalChat(Base):
    """Which coached team a person's personal chat with the bot is about right now.

    Set when a post for one team reaches the chat (a KPI reminder, a check-in) or when the person
    picks a team; the chat itself is never a team of its own for someone who is in a team.
    """

    __tablename__ = "teams_personal_chats"
    __table_args__ = (UniqueConstraint("tenant_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[str] = mapped_column(String(200))
    team_conversation_id: Mapped[str] = mapped_column(String(300))  # the team's key (its channel or chat)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class TeamsPendingFile(Base):
    """A file offered through Teams' file-consent card, kept until the person accepts or declines it.

    The bytes wait here (not in memory), so an accept after a restart still uploads them; `token` is what
    the card's accept and decline contexts name. After the upload the bytes are dropped and the OneDrive
    item kept (an accept that arrives again shows the same file); after `expires_at` an accept is told the
    file is gone. Status: offered | uploading | uploaded | declined.
    """

    __tablename__ = "teams_pending_files"
    __table_args__ = (UniqueConstraint("token"), Index("ix_teams_pending_files_expires", "expires_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(40))
    tenant_id: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[str] = mapped_column(String(200))  # the person the card is for: only they may accept it
    team_key: Mapped[str] = mapped_column(String(300))  # the coached team the file is about
    filename: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    language: Mapped[str] = mapped_column(String(5))
    again: Mapped[str | None] = mapped_column(String(40))  # the command that hands the file over anew
    status: Mapped[str] = mapped_column(String(12), default="offered")
    content_url: Mapped[str | None] = mapped_column(String(2000))  # the OneDrive item, once uploaded
    unique_id: Mapped[str | None] = mapped_column(String(300))
    uploaded_name: Mapped[str | None] = mapped_column(String(255))
    file_type: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    upload_lease: Mapped[datetime | None] = mapped_column()  # an upload not done by then was cut off: again


class TeamsWaitingInput(Base):
    """What someone typed (or pressed) in their personal chat before being asked which team it was for.

    Kept here, not in memory, so a restart between the question and the choice loses nothing: their pick
    handles it for the chosen team, and removes it in the same transaction (a second click finds none).
    One per person: a newer question replaces it.
    """

    __tablename__ = "teams_waiting_inputs"
    __table_args__ = (UniqueConstraint("tenant_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[str] = mapped_column(String(200))
    inbound: Mapped[dict[str, Any]] = mapped_column(JSON)  # text, choice, form, question_id ... (personal.py)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
