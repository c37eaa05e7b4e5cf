"""Routing fields, the account of a draft, and the second approval.

Adds to ``drafts``: ``category``, ``product_area``, ``urgency``, ``language`` (the routing fields
the queue and the API filter on), ``account_key`` (``customer.account_id`` or the e-mail, to count
an account's recent escalations), and ``first_approved_by`` / ``first_approved_at`` (the first of
two approvers of a draft whose reasons need a second one). ``status`` widens to 32 characters for
``awaiting_second_approval`` (SQLite does not enforce lengths, so only other databases alter it).

Revision ID: i17
Revises: 0004
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "i17"
down_revision = "0004"
branch_labels = None
depends_on = None

ROUTING = ("category", "product_area", "urgency", "language")


def upgrade() -> None:
    for name in ROUTING:
        op.add_column("drafts", sa.Column(name, sa.String(50), nullable=True))
    op.add_column("drafts", sa.Column("account_key", sa.String(320), nullable=True))
    op.add_column("drafts", sa.Column("first_approved_by", sa.String(200), nullable=True))
    op.add_column("drafts", sa.Column("first_approved_at", sa.String(40), nullable=True))
    op.create_index("ix_drafts_account_key_created", "drafts", ["account_key", "created_at"])
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("drafts", "status", type_=sa.String(32), existing_type=sa.String(20))


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("drafts", "status", type_=sa.String(20), existing_type=sa.String(32))
    op.drop_index("ix_drafts_account_key_created", table_name="drafts")
    with op.batch_alter_table("drafts") as batch:
        for name in (*ROUTING, "account_key", "first_approved_by", "first_approved_at"):
            batch.drop_column(name)
