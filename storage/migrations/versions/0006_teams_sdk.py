"""teams on the Agents SDK: replies kept until delivered, people with their AAD object id, personal chats' team

Revision ID: 0006_teams_sdk
Revises: 0003_teams
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_teams_sdk"
down_revision = "0003_teams"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("teams_processed_activities") as batch:
        batch.add_column(sa.Column("replies", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("sent", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("retry_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("teams_processed_activities") as batch:
        batch.alter_column("sent", server_default=None)
        batch.alter_column("attempts", server_default=None)
    op.create_table(
        "teams_people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=100), nullable=False),
        sa.Column("user_id", sa.String(length=200), nullable=False),
        sa.Column("aad_object_id", sa.String(length=100), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams_people")),
        sa.UniqueConstraint("tenant_id", "user_id", name=op.f("uq_teams_people_tenant_id")),
    )
    op.create_index("ix_teams_people_aad", "teams_people", ["tenant_id", "aad_object_id"])
    op.create_table(
        "teams_personal_chats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=100), nullable=False),
        sa.Column("user_id", sa.String(length=200), nullable=False),
        sa.Column("team_conversation_id", sa.String(length=300), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams_personal_chats")),
        sa.UniqueConstraint("tenant_id", "user_id", name=op.f("uq_teams_personal_chats_tenant_id")),
    )


def downgrade() -> None:
    op.drop_table("teams_personal_chats")
    op.drop_index("ix_teams_people_aad", table_name="teams_people")
    op.drop_table("teams_people")
    with op.batch_alter_table("teams_processed_activities") as batch:
        batch.drop_column("retry_at")
        batch.drop_column("attempts")
        batch.drop_column("sent")
        batch.drop_column("replies")
