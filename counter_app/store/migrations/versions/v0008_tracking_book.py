"""The tracking book (Sổ theo dõi hồ sơ): a counter per agency and year, and one row per entry
with a unique (agency, year, number) so no entry number is ever repeated.

Revision ID: 0008
Revises: 0006
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tracking_book_counters",
        sa.Column("agency_code", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("agency_code", "year"),
    )
    op.create_table(
        "tracking_book_entries",
        sa.Column("agency_code", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("volume", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.String(), nullable=False),
        sa.Column("dossier_code", sa.String(), nullable=False),
        sa.Column("recorded_at", sa.String(), nullable=False),
        sa.UniqueConstraint("dossier_id"),
        sa.UniqueConstraint("agency_code", "year", "number", name="uq_tracking_book_number"),
    )


def downgrade() -> None:
    op.drop_table("tracking_book_entries")
    op.drop_table("tracking_book_counters")
