"""kpi period: per month, per quarter or in total, as the team gave its target

Revision ID: 0012_kpi_period
Revises: 0007_cycle_month
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_kpi_period"
down_revision = "0007_cycle_month"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("kpis") as batch:
        # NULL (KPIs from before) and "month" are asked every month; "quarter" only when a quarter ends.
        batch.add_column(sa.Column("period", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("kpis") as batch:
        batch.drop_column("period")
