"""Keep a draft's review reasons and escalation reasons beside the record, for the queue page.

A queue row shows both lists, which lived only in ``result_json`` (about 2.6 KB a draft):
PostgreSQL parsed that text twice per row, 3 of the 4 ms a page of 50 took in the database. Two
small JSON-array columns, ``reasons`` and ``escalation_reasons``, are written with the draft;
this fills them for the drafts stored before, in batches. They hold no customer data (reason
codes only), so erasure leaves them as they are.

Revision ID: i18_queue_reasons
Revises: i15_sessions_privacy
Create Date: 2026-12-03
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "i18_queue_reasons"
down_revision = "i15_sessions_privacy"
branch_labels = None
depends_on = None

BATCH = 2_000


def upgrade() -> None:
    op.add_column("drafts", sa.Column("reasons", sa.Text(), nullable=True))
    op.add_column("drafts", sa.Column("escalation_reasons", sa.Text(), nullable=True))
    drafts = sa.table("drafts", sa.column("id", sa.String), sa.column("result_json", sa.Text),
                      sa.column("reasons", sa.Text), sa.column("escalation_reasons", sa.Text))
    bind = op.get_bind()
    last = ""
    while True:
        rows = bind.execute(sa.select(drafts.c.id, drafts.c.result_json).where(drafts.c.id > last)
                            .order_by(drafts.c.id).limit(BATCH)).all()
        if not rows:
            break
        values = [{"key": draft_id, **_lists(result_json)} for draft_id, result_json in rows]
        bind.execute(drafts.update().where(drafts.c.id == sa.bindparam("key"))
                     .values(reasons=sa.bindparam("reasons"), escalation_reasons=sa.bindparam("escalation_reasons")),
                     values)
        last = rows[-1][0]


def _lists(result_json: str) -> dict[str, str]:
    """Return the two reason lists of a stored record as JSON text (empty lists when unreadable)."""
    try:
        result = json.loads(result_json)
    except (TypeError, ValueError):
        result = {}
    return {name: json.dumps(result.get(name) or [] if isinstance(result, dict) else [])
            for name in ("reasons", "escalation_reasons")}


def downgrade() -> None:
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("escalation_reasons")
        batch.drop_column("reasons")
