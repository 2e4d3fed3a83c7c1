"""Table definitions (SQLAlchemy Core). Changing them needs an Alembic migration.

Timestamps are ISO 8601 strings in Vietnam time (``…+07:00``); one fixed offset keeps them
sortable as text. Dossier aggregates are stored whole in ``body`` (JSON); the columns beside it
exist to be searched, sorted and reported on.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String, primary_key=True),
    Column("value", Text, nullable=False),
)

agencies = Table(
    "agencies",
    metadata,
    Column("code", String, primary_key=True),
    Column("name", Text, nullable=False),
    Column("level", String, nullable=False, server_default=""),
    Column("parent_code", String, nullable=True),
)

devices = Table(
    "devices",
    metadata,
    Column("id", String, primary_key=True),
    Column("agency_code", String, ForeignKey("agencies.code"), nullable=False),
    Column("name", Text, nullable=False),
    Column("seq_first", Integer, nullable=False),
    Column("seq_last", Integer, nullable=False),
    Column("is_local", Boolean, nullable=False, server_default="0"),
    Column("registered_at", String, nullable=False),
    Column("last_day", String, nullable=True),
    Column("last_seq", Integer, nullable=False, server_default="0"),
    Column("last_issued_at", String, nullable=True),
)

staff = Table(
    "staff",
    metadata,
    Column("id", String, primary_key=True),
    Column("username", String, nullable=False, unique=True),
    Column("full_name", Text, nullable=False),
    Column("role", String, nullable=False),
    Column("agency_code", String, ForeignKey("agencies.code"), nullable=False),
    Column("active", Boolean, nullable=False, server_default="1"),
)

procedures = Table(
    "procedures",
    metadata,
    Column("code", String, primary_key=True),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False, index=True),
    Column("field", Text, nullable=False, server_default=""),
    Column("level", String, nullable=False, server_default=""),
    Column("body", JSON, nullable=False),
)

dossiers = Table(
    "dossiers",
    metadata,
    Column("id", String, primary_key=True),
    Column("code", String, nullable=False, unique=True),
    Column("agency_code", String, nullable=False),
    Column("procedure_code", String, nullable=False),
    Column("channel", Integer, nullable=False),
    Column("status", Integer, nullable=False),
    Column("applicant_name", Text, nullable=False),
    Column("applicant_name_key", Text, nullable=False),
    Column("applicant_id_number", String, nullable=False, server_default=""),
    Column("applicant_phone", String, nullable=False, server_default=""),
    Column("received_at", String, nullable=False),
    Column("due_at", String, nullable=True),
    Column("updated_at", String, nullable=False),
    Column("version", Integer, nullable=False, server_default="0"),
    Column("body", JSON, nullable=False),
    Index("ix_dossiers_name_key", "applicant_name_key"),
    # newest first for a person with many dossiers, without a sort step
    Index("ix_dossiers_id_number_received", "applicant_id_number", "received_at"),
    Index("ix_dossiers_phone_received", "applicant_phone", "received_at"),
    Index("ix_dossiers_status_due", "status", "due_at"),
    Index("ix_dossiers_received_at", "received_at"),
    Index("ix_dossiers_procedure", "procedure_code"),
)

outbox = Table(
    "outbox",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String, nullable=False, unique=True),
    Column("dossier_id", String, ForeignKey("dossiers.id"), nullable=False, index=True),
    Column("event", String, nullable=False),
    Column("payload", JSON, nullable=False),
    Column("created_at", String, nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("sent_at", String, nullable=True),  # the centre's durable acknowledgement (0012)
    Column("next_attempt_at", String, nullable=True),
    Column("last_error", Text, nullable=True),
    Column("parked_at", String, nullable=True),  # refused by the centre: waiting for staff
    Column("parked_code", String, nullable=True),
    Column("parked_reason", Text, nullable=True),
    Column("server_seq", Integer, nullable=True),
    Index("ix_outbox_pending", "sent_at", "seq"),
    sqlite_autoincrement=True,
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", String, nullable=False),
    Column("actor", String, nullable=False),
    Column("action", String, nullable=False),
    Column("dossier_id", String, nullable=True, index=True),
    Column("before", JSON, nullable=True),
    Column("after", JSON, nullable=True),
    Column("prev_hash", String, nullable=False),
    Column("hash", String, nullable=False),
    Column("body_digest", String, nullable=True),  # sha256 of the dossier body after the action
    Column("outbox_id", String, nullable=True),  # the outbox message written with it (0006)
)

audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("hash", String, nullable=False),
)

calendar_overrides = Table(
    "calendar_overrides",
    metadata,
    Column("day", String, primary_key=True),
    Column("kind", String, nullable=False),  # "off" | "work"
    Column("source", String, nullable=False, server_default=""),
    Column("note", Text, nullable=False, server_default=""),
)

# The tracking book (Sổ theo dõi hồ sơ, TT 03/2025 Mẫu 07): one continuous numbering per agency and
# year, allocated in the receipt's transaction. The counter gives the next number; the unique
# constraint on the entries is the guard that no number is ever given twice (a counter rolled back
# by a restore or an edit makes the receipt fail instead of repeating a number).
tracking_book_counters = Table(
    "tracking_book_counters",
    metadata,
    Column("agency_code", String, primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("last_number", Integer, nullable=False),
)

tracking_book_entries = Table(
    "tracking_book_entries",
    metadata,
    Column("agency_code", String, nullable=False),
    Column("year", Integer, nullable=False),
    Column("number", Integer, nullable=False),
    Column("volume", Integer, nullable=False),
    Column("dossier_id", String, nullable=False, unique=True),
    Column("dossier_code", String, nullable=False),
    Column("recorded_at", String, nullable=False),
    UniqueConstraint("agency_code", "year", "number", name="uq_tracking_book_number"),
)

# Who this store belongs to, written once when the store is set up (one row): the agency (which
# must match the settings' agency at every open) and whether it is a demo store or a real one (a
# demo store can never be synchronised).
store_identity = Table(
    "store_identity",
    metadata,
    Column("store_id", String, primary_key=True),  # random, never reused
    Column("agency_code", String, nullable=False),
    Column("kind", String, nullable=False),  # "demo" | "real"
    Column("created_at", String, nullable=False),
)

slips = Table(
    "slips",
    metadata,
    Column("id", String, primary_key=True),
    Column("dossier_id", String, nullable=True, index=True),
    Column("kind", String, nullable=False),
    Column("number", Integer, nullable=False, server_default="0"),
    Column("issued_at", String, nullable=False),
    Column("issued_by", String, nullable=False),
    Column("sha256", String, nullable=False),  # of the archival PDF, stored by this name
    Column("size", Integer, nullable=False),
    Column("view", JSON, nullable=False),  # the view data the slip was drawn from
    Column("reprint_of", String, nullable=True),
    Column("reason", Text, nullable=False, server_default=""),
    Column("printer", String, nullable=False, server_default=""),
    Column("job_id", String, nullable=False, server_default=""),  # "" = saved, not printed
    Column("copies", Integer, nullable=False, server_default="0"),
    Column("thermal", Boolean, nullable=False, server_default="0"),
    Index("ix_slips_kind_issued", "kind", "issued_at"),
)

# One row per digitised document item file (revision 0011). Deleted scans keep their row
# (deleted_at/deleted_by) so the history stays; the audit log records both events.
scan_files = Table(
    "scan_files",
    metadata,
    Column("id", String, primary_key=True),
    Column("dossier_id", String, nullable=False),
    Column("item_code", String, nullable=False),
    Column("content_hash", String, nullable=False),
    Column("size", Integer, nullable=False),
    Column("pages", Integer, nullable=False),
    Column("officer", Text, nullable=False),
    Column("created_at", String, nullable=False),
    Column("deleted_at", String, nullable=True),
    Column("deleted_by", Text, nullable=True),
    Index("ix_scan_files_dossier", "dossier_id", "item_code"),
    Index("ix_scan_files_hash", "content_hash"),
)

# Resumable uploads of scan files to the centre (revision 0013): one row per scan_files row,
# the tus upload URL and the offset the server confirmed; ``done_at`` is set only once the server
# confirmed the whole length.
file_uploads = Table(
    "file_uploads",
    metadata,
    Column("scan_file_id", String, primary_key=True),
    Column("sha256", String, nullable=False),
    Column("filename", Text, nullable=False),
    Column("dossier_code", String, nullable=False),
    Column("url", Text, nullable=True),
    Column("offset", Integer, nullable=False, server_default="0"),
    Column("total", Integer, nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", String, nullable=True),
    Column("done_at", String, nullable=True),
    Column("last_error", String, nullable=True),
    Column("updated_at", String, nullable=False),
    Index("ix_file_uploads_done", "done_at"),
)

# Offline sign-in (revision 0013): a salted scrypt hash of each staff member's last good password
# (never a token: those live only in the OS keyring), valid for a limited period after
# ``verified_at``.
staff_credentials = Table(
    "staff_credentials",
    metadata,
    Column("username", String, primary_key=True),
    Column("staff_id", String, nullable=False),
    Column("full_name", Text, nullable=False),
    Column("roles", JSON, nullable=False),
    Column("agency_id", String, nullable=False),
    Column("salt", String, nullable=False),
    Column("hash", String, nullable=False),
    Column("scrypt_n", Integer, nullable=False),
    Column("scrypt_r", Integer, nullable=False),
    Column("scrypt_p", Integer, nullable=False),
    Column("verified_at", String, nullable=False),
    Column("failures", Integer, nullable=False, server_default="0"),
    Column("locked_until", String, nullable=True),
    Column("demo", Boolean, nullable=False, server_default="0"),
)

# Sync with the central system (revision 0012): one row once this PC has registered.
sync_state = Table(
    "sync_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("server_url", String, nullable=False),
    Column("agency_id", String, nullable=False),
    Column("device_id", String, nullable=False),
    Column("device_name", Text, nullable=False),
    Column("install_id", String, nullable=False),
    Column("slot", Integer, nullable=False),
    Column("registered_at", String, nullable=False),
    Column("changes_cursor", String, nullable=False, server_default=""),
    Column("acked_chain_seq", Integer, nullable=False, server_default="0"),
    Column("acked_chain_hash", String, nullable=False, server_default=""),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", String, nullable=True),
    Column("last_attempt_at", String, nullable=True),
    Column("last_success_at", String, nullable=True),
    Column("problem_code", String, nullable=True),
    Column("clock_skew_s", Float, nullable=True),
    Column("procedures_cursor", String, nullable=False, server_default=""),  # 0014
    Column("agencies_cursor", String, nullable=False, server_default=""),  # 0014
    Column("staff_cursor", String, nullable=False, server_default=""),  # 0014
    Column("calendar_cursor", String, nullable=False, server_default=""),  # 0014
)

# What the centre's changes feed delivered (0012): applied to the dossiers, or kept (online
# dossiers waiting for acceptance until the counter answers them).
central_changes = Table(
    "central_changes",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("kind", String, nullable=False),
    Column("dossier_code", String, nullable=False),
    Column("at", String, nullable=False),
    Column("body", JSON, nullable=False),
    Column("received_at", String, nullable=False),
    Column("applied_at", String, nullable=True),
    Column("outcome", String, nullable=False, server_default=""),
    Column("acceptance_due", String, nullable=True),
    Column("answered_at", String, nullable=True),
    Index("ix_central_changes_code", "dossier_code"),
)
