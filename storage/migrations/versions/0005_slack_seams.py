"""slack seams: the question each team is asked now, and the message whose buttons answer it

Revision ID: 0005_slack_seams
Revises: 0002_slack
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_slack_seams"
down_revision = "0002_slack"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slack_live_questions",
        sa.Column("workspace", sa.String(length=100), nullable=False),
        sa.Column("channel", sa.String(length=100), nullable=False),
        sa.Column("question_id", sa.String(length=100), nullable=False),
        sa.Column("version", sa.String(length=200), nullable=True),
        sa.Column("ts", sa.String(length=40), nullable=False),
        sa.Column("thread_ts", sa.String(length=40), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("workspace", "channel", name=op.f("pk_slack_live_questions")),
    )


def downgrade() -> None:
    op.drop_table("slack_live_questions")
