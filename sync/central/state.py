"""What every route needs: the database engine, the file store and the working-time rules.
Built once per worker process from the command line; holds no state another worker needs."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fastapi import Request
from sqlalchemy import Engine

ACCESS_TTL_S = 15 * 60
REFRESH_TTL_S = 30 * 24 * 3600


@dataclass(frozen=True)
class Central:
    engine: Engine
    files_dir: Path
    version: str = "1"

    @property
    def blobs_dir(self) -> Path:
        return self.files_dir / "blobs"

    @property
    def parts_dir(self) -> Path:
        return self.files_dir / "parts"

    def blob_path(self, sha256: str) -> Path:
        return self.blobs_dir / sha256[:2] / sha256

    def part_path(self, upload_id: str) -> Path:
        return self.parts_dir / upload_id


def central(request: Request) -> Central:
    found: Central = request.app.state.central
    return found


def now_utc() -> datetime:
    return datetime.now(UTC)


def epoch() -> float:
    return time.time()
