"""Running the central server: ``counter-app central --db URL [--host H] --port N [--files DIR]
[--workers N]`` and seeding it (``--seed FILE.json`` or ``--seed-demo``).

Several workers are separate processes (uvicorn's ``workers``) that share nothing but the
database and the file folder; each builds its app from the environment (:func:`app_from_env`).
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI

from sync.central.app import create_app
from sync.central.db import create_schema, make_engine
from sync.central.seed import seed_json
from sync.central.state import Central

ENV_DB, ENV_FILES = "COUNTER_CENTRAL_DB", "COUNTER_CENTRAL_FILES"
DEFAULT_DB = "sqlite:///central.sqlite3"


def default_files_dir(db_url: str) -> Path:
    if db_url.startswith("sqlite:///") and db_url != "sqlite:///:memory:":
        return Path(db_url.removeprefix("sqlite:///")).resolve().parent / "central-files"
    return Path("central-files").resolve()


def build(db_url: str, files_dir: Path | None = None) -> Central:
    files = files_dir or default_files_dir(db_url)
    files.mkdir(parents=True, exist_ok=True)
    return Central(engine=make_engine(db_url), files_dir=files)


def app_from_env() -> FastAPI:
    """The app of one worker process (uvicorn ``factory=True``)."""
    url = os.environ.get(ENV_DB, DEFAULT_DB)
    files = os.environ.get(ENV_FILES)
    return create_app(build(url, Path(files) if files else None))


def serve(
    db_url: str, host: str, port: int, files_dir: Path | None = None, workers: int = 1
) -> None:
    import uvicorn

    central = build(db_url, files_dir)
    create_schema(central.engine)  # once, before the workers start
    central.engine.dispose()
    os.environ[ENV_DB] = db_url
    os.environ[ENV_FILES] = str(central.files_dir)
    uvicorn.run(
        "sync.central.server:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        date_header=False,  # the app sets Date itself (also in-process, under test)
        server_header=False,
        log_level="warning",
        access_log=False,
    )


def seed(db_url: str, seed_file: Path | None) -> dict[str, int]:
    engine = make_engine(db_url)
    try:
        return seed_json(engine, seed_file)
    finally:
        engine.dispose()
