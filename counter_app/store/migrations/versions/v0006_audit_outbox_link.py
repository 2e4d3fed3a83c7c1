"""Audit entries seal the id of the outbox message written with them.

The message's payload is the dossier body the entry seals (``body_digest``), so ``audit verify``
can check every message sync will send against the chain. Older entries keep ``NULL`` (legacy).

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outbox_id", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("outbox_id")
