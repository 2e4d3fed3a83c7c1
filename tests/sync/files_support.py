"""Shared by the files-lane tests and the upload benchmark: a dossier with a big scan file, the
device's credentials at the real reference server, a lane pointed at a proxy."""

from __future__ import annotations

import random
from dataclasses import dataclass

import httpx

from counter_app.composition import App
from counter_app.domain.dossier import Party, ReceivedItem
from counter_app.domain.enums import ApplicantKind, DocumentForm
from counter_app.services import attachments, intake
from sync.files_lane import FilesLane
from sync.protocol import API_PREFIX, TokenRequest, TokenResponse
from tests.central_server import CentralServer
from tests.netproxy import Direction, NetProxy

MB = 1_000_000


def receive(app: App, name: str = "Lê Thị Mai") -> str:
    applicant = Party(ApplicantKind.CITIZEN, name, "001090123456")
    items = [
        ReceivedItem("TP1", "Tờ khai", DocumentForm.ORIGINAL),
        ReceivedItem("TP2", "Giấy chứng sinh", DocumentForm.COPY),
    ]
    req = intake.IntakeRequest("1.001193", applicant, items=items)
    return intake.receive(app.services, req, "canbo1").code


def payload(size: int, seed: int) -> bytes:
    """``size`` bytes that do not compress (a scan's images do not either)."""
    return random.Random(seed).randbytes(size)


def attach(app: App, content: bytes, code: str | None = None, item: str = "TP2") -> str:
    """Attach ``content`` as a scan to a (new) dossier; the dossier code."""
    code = code or receive(app)
    attachments.attach_scan(app.services, code, item, content, 1, "canbo1")
    return code


@dataclass
class DeviceCredentials:
    """:class:`sync.client_api.Credentials` for tests: the device_secret grant at the centre."""

    base_url: str
    device_id: str
    device_secret: str
    token: str | None = None
    renewals: int = 0

    def authorization(self) -> str:
        if self.token is None:
            grant = TokenRequest(
                grant_type="device_secret",
                device_id=self.device_id,
                device_secret=self.device_secret,
            )
            answer = httpx.post(
                f"{self.base_url}{API_PREFIX}/auth/token",
                json=grant.model_dump(mode="json", exclude_none=True),
                timeout=10,
            )
            answer.raise_for_status()
            self.token = TokenResponse.model_validate_json(answer.content).access_token
        return f"Bearer {self.token}"

    def renew(self) -> None:
        self.renewals += 1
        self.token = None
        self.authorization()


def lane_via(
    app: App, link_url: str, credentials: DeviceCredentials, timeout: float = 10.0
) -> tuple[FilesLane, httpx.Client]:
    """A files lane talking to the centre through ``link_url`` (the proxy)."""
    client = httpx.Client(timeout=httpx.Timeout(timeout))
    lane = FilesLane(app.services, client, link_url, credentials)
    return lane, client


def blob(server: CentralServer, sha256: str) -> bytes | None:
    """The file the centre keeps under ``sha256``, if any."""
    path = server.files_dir / "blobs" / sha256[:2] / sha256
    return path.read_bytes() if path.is_file() else None


class CorruptingProxy(NetProxy):
    """The fault proxy, able also to flip one byte of the next ``corrupt_next`` chunk bodies sent
    up (what a bad link or a faulty middlebox does to a PATCH's bytes)."""

    corrupt_next = 0
    corrupted = 0

    def _spend(self, direction: Direction, data: bytes) -> tuple[bytes, bool]:
        if direction == "up" and self.corrupt_next and len(data) > 16 * 1024:
            self.corrupt_next -= 1
            self.corrupted += 1
            data = data[:-1] + bytes([data[-1] ^ 0xFF])  # a body byte: headers are far shorter
        return super()._spend(direction, data)
