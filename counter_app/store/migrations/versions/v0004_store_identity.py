"""The store records which agency it belongs to and whether it is a demo store or a real one.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Left empty on upgrade: an older store gets its identity from the next ``counter-app init``
    # (real) or, only while it holds no dossier, from ``counter-app demo``.
    op.create_table(
        "store_identity",
        sa.Column("store_id", sa.String(), nullable=False),
        sa.Column("agency_code", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("store_id"),
    )


def downgrade() -> None:
    op.drop_table("store_identity")
