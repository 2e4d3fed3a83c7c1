"""Lookups by ID number and phone return newest first without a sort step.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.drop_index("ix_dossiers_id_number")
        batch_op.drop_index("ix_dossiers_phone")
        batch_op.create_index(
            "ix_dossiers_id_number_received", ["applicant_id_number", "received_at"], unique=False
        )
        batch_op.create_index(
            "ix_dossiers_phone_received", ["applicant_phone", "received_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.drop_index("ix_dossiers_phone_received")
        batch_op.drop_index("ix_dossiers_id_number_received")
        batch_op.create_index("ix_dossiers_phone", ["applicant_phone"], unique=False)
        batch_op.create_index("ix_dossiers_id_number", ["applicant_id_number"], unique=False)
