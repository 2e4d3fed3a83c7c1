"""Alembic environment: always run on a connection handed over by ``counter_app.store.migrate``."""

from __future__ import annotations

from alembic import context

from counter_app.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs the alembic CLI by hand
    raise SystemExit("Run migrations through `counter-app init`, not the alembic command.")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite can only ALTER through table copies
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
