"""Sync with the central system: retries in the outbox, the link's state, changes from the centre.

* ``outbox``: ``next_attempt_at`` and ``last_error`` (retries survive a restart: the attempt count
  was already there), ``parked_at``/``parked_code``/``parked_reason`` (the centre refused the
  command: waiting for staff), ``server_seq`` (the centre's order of events). ``sent_at`` is the
  time of the centre's durable acknowledgement.
* ``sync_state`` (one row): the centre this PC registered with, its device id and slot, the
  changes cursor, the chain head the centre acknowledged, the link's backoff, last success, skew.
* ``central_changes``: what the centre's changes feed delivered (status changes made at the
  processing agency, results ready, online dossiers waiting for acceptance), applied or kept.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_OUTBOX_COLUMNS = (
    ("next_attempt_at", sa.String()),
    ("last_error", sa.Text()),
    ("parked_at", sa.String()),
    ("parked_code", sa.String()),
    ("parked_reason", sa.Text()),
    ("server_seq", sa.Integer()),
)


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        for name, kind in _OUTBOX_COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=True))
    # the engine's queue: what is still to send, in the device's order
    op.create_index("ix_outbox_pending", "outbox", ["sent_at", "seq"])
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("server_url", sa.String(), nullable=False),
        sa.Column("agency_id", sa.String(), nullable=False),
        sa.Column("device_id", sa.String(), nullable=False),
        sa.Column("device_name", sa.Text(), nullable=False),
        sa.Column("install_id", sa.String(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("registered_at", sa.String(), nullable=False),
        sa.Column("changes_cursor", sa.String(), nullable=False, server_default=""),
        sa.Column("acked_chain_seq", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("acked_chain_hash", sa.String(), nullable=False, server_default=""),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.String(), nullable=True),
        sa.Column("last_attempt_at", sa.String(), nullable=True),
        sa.Column("last_success_at", sa.String(), nullable=True),
        sa.Column("problem_code", sa.String(), nullable=True),
        sa.Column("clock_skew_s", sa.Float(), nullable=True),
    )
    op.create_table(
        "central_changes",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("dossier_code", sa.String(), nullable=False),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.String(), nullable=False),
        sa.Column("applied_at", sa.String(), nullable=True),
        sa.Column("outcome", sa.String(), nullable=False, server_default=""),
        sa.Column("acceptance_due", sa.String(), nullable=True),
        sa.Column("answered_at", sa.String(), nullable=True),
    )
    op.create_index("ix_central_changes_code", "central_changes", ["dossier_code"])


def downgrade() -> None:
    op.drop_index("ix_central_changes_code", table_name="central_changes")
    op.drop_table("central_changes")
    op.drop_table("sync_state")
    op.drop_index("ix_outbox_pending", table_name="outbox")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        for name, _kind in reversed(_OUTBOX_COLUMNS):
            batch_op.drop_column(name)
