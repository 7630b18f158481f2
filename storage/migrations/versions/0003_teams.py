"""teams tables: conversation references (proactive posts) and processed activities (dedupe)

Revision ID: 0003_teams
Revises: 0001_core
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_teams"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "teams_conversation_references",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=100), nullable=False),
        sa.Column("conversation_id", sa.String(length=300), nullable=False),
        sa.Column("conversation_type", sa.String(length=20), nullable=True),
        sa.Column("user_id", sa.String(length=200), nullable=True),
        sa.Column("service_url", sa.String(length=500), nullable=False),
        sa.Column("reference", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams_conversation_references")),
        sa.UniqueConstraint(
            "tenant_id", "conversation_id", name=op.f("uq_teams_conversation_references_tenant_id")
        ),
    )
    op.create_index("ix_teams_refs_user", "teams_conversation_references", ["tenant_id", "user_id"])
    op.create_table(
        "teams_processed_activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=100), nullable=False),
        sa.Column("activity_id", sa.String(length=300), nullable=False),
        sa.Column("conversation_id", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams_processed_activities")),
        sa.UniqueConstraint("tenant_id", "activity_id", name=op.f("uq_teams_processed_activities_tenant_id")),
    )


def downgrade() -> None:
    op.drop_table("teams_processed_activities")
    op.drop_index("ix_teams_refs_user", table_name="teams_conversation_references")
    op.drop_table("teams_conversation_references")
