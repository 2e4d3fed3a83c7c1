"""Commands as a counter PC makes them: real dossier snapshots (``Snapshot.of(Dossier)``) in
``Command`` bodies, UUIDv7-like ids, a plausible audit chain head."""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from counter_app.domain.deadlines import Appointment
from counter_app.domain.dossier import Dossier, Party, StatusChange
from counter_app.domain.enums import ApplicantKind, Channel, DossierStatus
from counter_app.domain.processing_time import ProcessingTime, TimeUnit
from counter_app.domain.vntime import VN_TZ, now_vn
from counter_app.store.canonical import Snapshot

AGENCY = "000.00.06.H56"


def uuid7() -> str:
    ms = int(time.time() * 1000)
    raw = ms.to_bytes(6, "big") + os.urandom(10)
    value = bytearray(raw)
    value[6] = (value[6] & 0x0F) | 0x70
    value[8] = (value[8] & 0x3F) | 0x80
    return str(uuid.UUID(bytes=bytes(value)))


def code_for(seq: int, day: date | None = None, agency: str = AGENCY) -> str:
    d = day or now_vn().date()
    return f"{agency}-{d:%y%m%d}-{seq:04d}"


def dossier(code: str, dossier_id: str | None = None, status: DossierStatus = DossierStatus.RECEIVED,
            agency: str = AGENCY) -> Dossier:  # fmt: skip
    at = datetime.now(VN_TZ).replace(microsecond=0)
    return Dossier(
        dossier_id or uuid7(),
        code,
        agency,
        "1.001193",
        "Thủ tục đăng ký khai sinh",
        "Hộ tịch",
        Channel.DIRECT,
        Party(ApplicantKind.CITIZEN, "Lê Thị Lan", "038190012345", phone="0912345678"),
        "canbo1",
        at,
        status,
        history=[StatusChange(at, None, DossierStatus.RECEIVED, "canbo1")],
        appointment=Appointment(
            at, at, at + timedelta(days=7), ProcessingTime(5, TimeUnit.WORKING_DAYS)
        ),
    )


@dataclass
class Device:
    """A simulated counter PC: its outbox sequence and audit chain."""

    device_id: str
    seq: int = 0
    chain: list[tuple[int, str]] = field(default_factory=list)
    acked: tuple[int, str] = (0, "")

    def command(self, kind: str, d: Dossier, body: dict[str, Any] | None = None) -> dict[str, Any]:
        self.seq += 1
        prev = self.chain[-1][1] if self.chain else ""
        self.chain.append((self.seq, hashlib.sha256(f"{prev}{self.seq}".encode()).hexdigest()))
        return {
            "id": uuid7(),
            "device_seq": self.seq,
            "type": kind,
            "dossier_id": d.id,
            "dossier_code": d.code,
            "at": now_vn().isoformat(),
            "body": body if body is not None else Snapshot.of(d).data,
        }

    def received(self, code: str) -> tuple[Dossier, dict[str, Any]]:
        d = dossier(code, agency=code.split("-", maxsplit=1)[0])
        return d, self.command("dossier.received", d)

    def batch(self, commands: list[dict[str, Any]]) -> dict[str, Any]:
        head = self.chain[-1] if self.chain else (0, "")
        return {
            "device_id": self.device_id,
            "chain": {
                "seq": head[0],
                "hash": head[1],
                "anchor_seq": self.acked[0],
                "anchor_hash": self.acked[1],
            },
            "commands": commands,
        }

    def acknowledge(self, result: dict[str, Any]) -> None:
        self.acked = (result["chain_seq"], result["chain_hash"])


_agencies = iter(range(10, 100))


def new_agency(server: Any) -> tuple[str, Any]:
    """A fresh agency (and its supervisor) in a running server's database, so a test has a slot
    register of its own."""
    from sync.central.db import make_engine
    from sync.central.seed import apply_seed
    from tests.central_server import Login

    n = next(_agencies)
    agency = f"000.{os.getpid() % 100:02d}.{n:02d}.H{n:02d}"
    login = Login(f"sup-{agency}", "mat-khau-" + agency)
    engine = make_engine(server.db_url)
    apply_seed(
        engine,
        {
            "agencies": [{"id": agency, "name": f"Cơ quan {n}"}],
            "staff": [
                {
                    "username": login.username,
                    "password": login.password,
                    "full_name": "Trưởng bộ phận",
                    "roles": ["supervisor"],
                    "agency_id": agency,
                }
            ],
        },
    )
    engine.dispose()
    return agency, login


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
