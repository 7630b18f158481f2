"""slack: inbox, question threads, posted messages, questions; slack_sdk's installation and OAuth state tables

Revision ID: 0002_slack
Revises: 0001_core
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

revision = "0002_slack"
down_revision = "0001_core"
branch_labels = None
depends_on = None

# The names slack_sdk's Async/SQLAlchemy stores use by default (their `default_*_table_name`).
SLACK_SDK_TABLES = ("slack_installations", "slack_bots", "slack_oauth_states")


def _slack_sdk_metadata() -> sa.MetaData:
    # Built with slack_sdk's own table builders, so its stores read and write exactly these columns.
    metadata = sa.MetaData()
    SQLAlchemyInstallationStore.build_installations_table(metadata, "slack_installations")
    SQLAlchemyInstallationStore.build_bots_table(metadata, "slack_bots")
    SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, "slack_oauth_states")
    return metadata


def upgrade() -> None:
    op.create_table(
        "slack_inbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delivery_key", sa.String(length=200), nullable=False),
        sa.Column("workspace", sa.String(length=100), nullable=False),
        sa.Column("channel", sa.String(length=100), nullable=False),
        sa.Column("client_msg_id", sa.String(length=100), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outgoing", sa.JSON(), nullable=True),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_inbox")),
        sa.UniqueConstraint("delivery_key", name=op.f("uq_slack_inbox_delivery_key")),
        sa.UniqueConstraint("workspace", "channel", "client_msg_id", name=op.f("uq_slack_inbox_workspace")),
    )
    op.create_index("ix_slack_inbox_pending", "slack_inbox", ["status", "received_at"])
    op.create_table(
        "slack_threads",
        sa.Column("workspace", sa.String(length=100), nullable=False),
        sa.Column("channel", sa.String(length=100), nullable=False),
        sa.Column("thread_ts", sa.String(length=40), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("workspace", "channel", name=op.f("pk_slack_threads")),
    )
    op.create_table(
        "slack_messages",
        sa.Column("workspace", sa.String(length=100), nullable=False),
        sa.Column("channel", sa.String(length=100), nullable=False),
        sa.Column("ts", sa.String(length=40), nullable=False),
        sa.Column("thread_ts", sa.String(length=40), nullable=True),
        sa.Column("text", sa.String(length=4000), nullable=False),
        sa.Column("blocks", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("workspace", "channel", "ts", name=op.f("pk_slack_messages")),
    )
    op.create_table(
        "slack_questions",
        sa.Column("workspace", sa.String(length=100), nullable=False),
        sa.Column("channel", sa.String(length=100), nullable=False),
        sa.Column("question_id", sa.String(length=100), nullable=False),
        sa.Column("ts", sa.String(length=40), nullable=True),
        sa.Column("answer_ts", sa.String(length=40), nullable=True),
        sa.Column("view", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("workspace", "channel", "question_id", name=op.f("pk_slack_questions")),
    )
    _slack_sdk_metadata().create_all(op.get_bind())


def downgrade() -> None:
    _slack_sdk_metadata().drop_all(op.get_bind())
    op.drop_table("slack_questions")
    op.drop_table("slack_messages")
    op.drop_table("slack_threads")
    op.drop_index("ix_slack_inbox_pending", table_name="slack_inbox")
    op.drop_table("slack_inbox")
