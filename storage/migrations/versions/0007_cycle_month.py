"""monthly cycle: how many nudges a team wants; holidays' country may follow the time zone

Revision ID: 0007_cycle_month
Revises: 0004_cycle
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_cycle_month"
down_revision = "0004_cycle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cycle_schedules") as batch:
        batch.add_column(sa.Column("nudges", sa.Integer(), nullable=False, server_default="2"))
        # NULL: the public holidays of the country of the team's time zone (America/New_York: US).
        batch.alter_column("country", existing_type=sa.String(length=2), nullable=True)


def downgrade() -> None:
    op.execute("UPDATE cycle_schedules SET country = 'NL' WHERE country IS NULL")
    with op.batch_alter_table("cycle_schedules") as batch:
        batch.alter_column("country", existing_type=sa.String(length=2), nullable=False)
        batch.drop_column("nudges")
