"""teams files: files offered through the file-consent card, kept until accepted, declined or expired

Revision ID: 0011_teams_files
Revises: 0006_teams_sdk
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_teams_files"
down_revision = "0006_teams_sdk"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "teams_pending_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=40), nullable=False),
        sa.Column("tenant_id", sa.String(length=100), nullable=False),
        sa.Column("user_id", sa.String(length=200), nullable=False),
        sa.Column("team_key", sa.String(length=300), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("mime", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("again", sa.String(length=40), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("content_url", sa.String(length=2000), nullable=True),
        sa.Column("unique_id", sa.String(length=300), nullable=True),
        sa.Column("uploaded_name", sa.String(length=255), nullable=True),
        sa.Column("file_type", sa.String(length=20), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("upload_lease", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams_pending_files")),
        sa.UniqueConstraint("token", name=op.f("uq_teams_pending_files_token")),
    )
    op.create_index("ix_teams_pending_files_expires", "teams_pending_files", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_teams_pending_files_expires", table_name="teams_pending_files")
    op.drop_table("teams_pending_files")
