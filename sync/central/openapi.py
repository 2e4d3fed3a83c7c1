"""The served OpenAPI document, written as committed (``docs/api/openapi.json``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine

from sync.central.app import create_app
from sync.central.state import Central


def served_openapi() -> dict[str, Any]:
    app = create_app(
        Central(engine=create_engine("sqlite://"), files_dir=Path(".")), create_tables=False
    )
    document: dict[str, Any] = app.openapi()
    return document


def openapi_text() -> str:
    return json.dumps(served_openapi(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_openapi(path: Path) -> None:
    path.write_text(openapi_text(), encoding="utf-8")
