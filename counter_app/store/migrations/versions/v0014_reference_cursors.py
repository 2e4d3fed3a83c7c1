"""Sync: the reference data cursors (procedures, agencies, staff, calendar) on the link.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"  # the lead re-chains at merge
branch_labels = None
depends_on = None

CURSORS = ("procedures_cursor", "agencies_cursor", "staff_cursor", "calendar_cursor")


def upgrade() -> None:
    with op.batch_alter_table("sync_state") as batch:
        for name in CURSORS:
            batch.add_column(sa.Column(name, sa.String(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("sync_state") as batch:
        for name in CURSORS:
            batch.drop_column(name)
