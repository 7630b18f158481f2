"""teams waiting: what someone typed in their personal chat before choosing the team it is for

Revision ID: 0014_teams_waiting
Revises: 0011_teams_files
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_teams_waiting"
down_revision = "0011_teams_files"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "teams_waiting_inputs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=100), nullable=False),
        sa.Column("user_id", sa.String(length=200), nullable=False),
        sa.Column("inbound", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams_waiting_inputs")),
        sa.UniqueConstraint("tenant_id", "user_id", name=op.f("uq_teams_waiting_inputs_tenant_id")),
    )


def downgrade() -> None:
    op.drop_table("teams_waiting_inputs")
