"""The Slack adapter's own tables: the inbox, the team's question thread, and which message shows what.

slack_sdk's installation / bot / OAuth-state tables are created by migration 0002_slack with
slack_sdk's own table builders; they are not mapped here because slack_sdk's stores own them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, utcnow


class SlackInbox(Base):
    """One inbound Slack delivery, written before Slack gets its 200 (so a crash after the ack loses nothing).

    `delivery_key` is Slack's `event_id` (events) or the interaction's `trigger_id` / view id, so a retry
    or a duplicate delivery finds the row. Messages also carry their identity in the channel, their `ts`, in the
    column named `client_msg_id` (it held Slack's client_msg_id before; only the ts is sure to be on both the
    `message` and the `app_mention` of one "@coach ..."). Slack has delivered one message twice under
    different event ids, and the second unique constraint catches that too.
    status: received -> processed (the turn ran; `outgoing` holds what to post) -> done (all posted).
    """

    __tablename__ = "slack_inbox"
    __table_args__ = (
        UniqueConstraint("delivery_key"),
        UniqueConstraint("workspace", "channel", "client_msg_id"),
        Index("ix_slack_inbox_pending", "status", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_key: Mapped[str] = mapped_column(String(200))
    workspace: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(100))
    client_msg_id: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(30))  # message | command | action | view
    payload: Mapped[dict[str, Any]] = mapped_column()  # the Inbound and where to answer
    status: Mapped[str] = mapped_column(String(12), default="received")
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column()
    outgoing: Mapped[list[Any] | None] = mapped_column()  # rendered Slack messages, posted in order
    sent: Mapped[int] = mapped_column(Integer, default=0)  # how many of `outgoing` Slack accepted
    error: Mapped[str | None] = mapped_column(String(500))


class SlackThread(Base):
    """The thread where a team's questions are asked (its parent is the current step's introduction)."""

    __tablename__ = "slack_threads"

    workspace: Mapped[str] = mapped_column(String(100), primary_key=True)
    channel: Mapped[str] = mapped_column(String(100), primary_key=True)
    thread_ts: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class SlackMessage(Base):
    """A message the coach posted, with its blocks, so one reply inside it can be replaced in place."""

    __tablename__ = "slack_messages"

    workspace: Mapped[str] = mapped_column(String(100), primary_key=True)
    channel: Mapped[str] = mapped_column(String(100), primary_key=True)
    ts: Mapped[str] = mapped_column(String(40), primary_key=True)
    thread_ts: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(String(4000))
    blocks: Mapped[list[Any]] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SlackQuestion(Base):
    """Per question: the message showing it (or its answer), and the modal that answers it."""

    __tablename__ = "slack_questions"

    workspace: Mapped[str] = mapped_column(String(100), primary_key=True)
    channel: Mapped[str] = mapped_column(String(100), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    ts: Mapped[str | None] = mapped_column(String(40))  # the message asking it
    answer_ts: Mapped[str | None] = mapped_column(String(40))  # the message showing its answer (updated on edit)
    view: Mapped[dict[str, Any] | None] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class SlackLiveQuestion(Base):
    """The question a team is being asked now: which one, which time (the engine's ask version), and the
    message whose buttons answer it. Its buttons are taken off when the next question is asked; a form opened
    from another message, or a reply in another step's thread, is pointed here."""

    __tablename__ = "slack_live_questions"

    workspace: Mapped[str] = mapped_column(String(100), primary_key=True)
    channel: Mapped[str] = mapped_column(String(100), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(100))
    version: Mapped[str | None] = mapped_column(String(200))
    ts: Mapped[str] = mapped_column(String(40))
    thread_ts: Mapped[str | None] = mapped_column(String(40))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
