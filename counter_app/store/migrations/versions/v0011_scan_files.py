"""Digitised document item files (scan_files): content hash, size, page count, officer, time.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scan_files",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("dossier_id", sa.String(), nullable=False),
        sa.Column("item_code", sa.String(), nullable=False),
        sa.Column("content_hash", sa.String(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("officer", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("deleted_at", sa.String(), nullable=True),
        sa.Column("deleted_by", sa.Text(), nullable=True),
    )
    op.create_index("ix_scan_files_dossier", "scan_files", ["dossier_id", "item_code"])
    op.create_index("ix_scan_files_hash", "scan_files", ["content_hash"])


def downgrade() -> None:
    op.drop_index("ix_scan_files_hash", table_name="scan_files")
    op.drop_index("ix_scan_files_dossier", table_name="scan_files")
    op.drop_table("scan_files")
