"""Issued slips: one row per slip printed or saved (originals and reprints), with the content
hash of its archival PDF kept in the data folder and the view data it was drawn from.

Revision ID: 0010
Revises: 0008
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slips",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("dossier_id", sa.String(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("issued_at", sa.String(), nullable=False),
        sa.Column("issued_by", sa.String(), nullable=False),
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("view", sa.JSON(), nullable=False),
        sa.Column("reprint_of", sa.String(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False, server_default=""),
        sa.Column("printer", sa.String(), nullable=False, server_default=""),
        sa.Column("job_id", sa.String(), nullable=False, server_default=""),
        sa.Column("copies", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("thermal", sa.Boolean(), nullable=False, server_default="0"),
    )
    op.create_index("ix_slips_dossier_id", "slips", ["dossier_id"])
    op.create_index("ix_slips_kind_issued", "slips", ["kind", "issued_at"])


def downgrade() -> None:
    op.drop_index("ix_slips_kind_issued", table_name="slips")
    op.drop_index("ix_slips_dossier_id", table_name="slips")
    op.drop_table("slips")
