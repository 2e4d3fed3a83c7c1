"""Shared by the sync tests: a registered store, dossiers queued through the real intake, the
server's view of what it holds."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from counter_app.composition import App
from counter_app.domain.dossier import Party
from counter_app.domain.enums import ApplicantKind
from counter_app.services import intake, store_identity
from counter_app.store.unit_of_work import store_path
from sync.registration import Registration, register
from tests.central_server import CentralServer

PROCEDURE = "1.001193"


def join(
    app: App, server: CentralServer, url: str | None = None, name: str = "QUẦY 1"
) -> Registration:
    """Claim the store as a real office's and register it with ``server`` (or through ``url``)."""
    store_identity.claim_real(app.services)
    login = server.supervisor
    return register(
        app.services, url or server.url, server.agency_id, name, login.username, login.password
    )


def receive(app: App, n: int, *, start: int = 0) -> list[str]:
    """``n`` dossiers received at the counter (each queues a ``dossier.received`` command)."""
    codes = []
    for i in range(start, start + n):
        applicant = Party(ApplicantKind.CITIZEN, f"Nguyễn Văn Thử {i}", f"0010900{i:05d}")
        dossier = intake.receive(app.services, intake.IntakeRequest(PROCEDURE, applicant), "canbo1")
        codes.append(dossier.code)
    return codes


def central_codes(server: CentralServer) -> list[str]:
    """Every dossier code the centre holds (repeats included: there must be none)."""
    db = Path(server.db_url.removeprefix("sqlite:///"))
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT code FROM dossiers ORDER BY code")]


def central_commands(server: CentralServer) -> int:
    db = Path(server.db_url.removeprefix("sqlite:///"))
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM commands").fetchone()[0])


def unsent(data_dir: Path) -> int:
    with sqlite3.connect(store_path(data_dir)) as conn:
        return int(conn.execute("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetchone()[0])
