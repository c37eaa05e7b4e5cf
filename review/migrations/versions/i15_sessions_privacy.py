"""Add server-side web sessions (sign-out ends them) and the erasable personal parts of review events.

Revision ID: i15_sessions_privacy
Revises: i16_draft_status_counts
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "i15_sessions_privacy"
down_revision = "i16_draft_status_counts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, nullable=True, index=True),
        sa.Column("key_id", sa.Integer, nullable=True, index=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("expires_at", sa.String(40), nullable=False),
        sa.Column("revoked_at", sa.String(40), nullable=True),
    )
    op.create_table(
        "review_log_personal",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("draft_id", sa.String(36), nullable=True, index=True),
        sa.Column("data", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("review_log_personal")
    op.drop_table("web_sessions")
