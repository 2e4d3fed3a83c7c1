"""The local store: SQLite through SQLAlchemy 2 Core, migrated by Alembic."""
