"""Index the review queue for its sort order: (status, created_at, id) and (created_at, id).

The queue is listed newest first with ``id`` as the tie-break; with the sort fully in the index,
a page at 100k drafts is read from the index instead of sorting every match (``status=all`` did a
full scan and sort: about a second at 100k drafts on SQLite).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_drafts_status_created_id", "drafts", ["status", "created_at", "id"])
    op.create_index("ix_drafts_created_id", "drafts", ["created_at", "id"])
    op.drop_index("ix_drafts_status_created", table_name="drafts")


def downgrade() -> None:
    op.create_index("ix_drafts_status_created", "drafts", ["status", "created_at"])
    op.drop_index("ix_drafts_created_id", table_name="drafts")
    op.drop_index("ix_drafts_status_created_id", table_name="drafts")
