"""The central server over a real socket: health, sign-in grants, registration, commands, tus."""

from __future__ import annotations

import base64
import hashlib
import os

import httpx

from tests.central.support import Device, code_for
from tests.central_server import CentralServer


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_health_has_date_and_agency(server: CentralServer) -> None:
    reply = httpx.get(server.api + "/health")
    assert reply.status_code == 200
    assert len(reply.headers.get_list("date")) == 1
    assert reply.json()["agency_ids"] == [server.agency_id]


def test_password_refresh_and_sign_out(server: CentralServer) -> None:
    login = server.officer
    reply = httpx.post(
        server.api + "/auth/token",
        json={"grant_type": "password", "username": login.username, "password": login.password},
    )
    assert reply.status_code == 200
    grant = reply.json()
    assert grant["staff"]["roles"] == ["counter_officer"]
    refreshed = httpx.post(
        server.api + "/auth/token",
        json={"grant_type": "refresh_token", "refresh_token": grant["refresh_token"]},
    )
    assert refreshed.status_code == 200
    out = httpx.post(server.api + "/auth/sign-out", json={"refresh_token": grant["refresh_token"]})
    assert out.status_code == 204
    again = httpx.post(
        server.api + "/auth/token",
        json={"grant_type": "refresh_token", "refresh_token": grant["refresh_token"]},
    )
    assert again.status_code == 401 and again.json()["code"] == "token_invalid"
    revoked = httpx.get(server.api + "/devices/x", headers=_auth(refreshed.json()["access_token"]))
    assert revoked.status_code == 401 and revoked.json()["code"] == "token_invalid"


def test_wrong_password_is_a_problem(server: CentralServer) -> None:
    reply = httpx.post(
        server.api + "/auth/token",
        json={"grant_type": "password", "username": "truongbp", "password": "nope"},
    )
    assert reply.status_code == 401
    assert reply.headers["content-type"] == "application/problem+json"
    assert reply.json()["code"] == "invalid_credentials"


def test_officer_cannot_register_a_device(server: CentralServer) -> None:
    reply = httpx.post(
        server.api + "/devices",
        json={"agency_id": server.agency_id, "device_name": "x", "install_id": "i"},
        headers=_auth(server.token(server.officer)),
    )
    assert reply.status_code == 403 and reply.json()["code"] == "forbidden"


def test_commands_exactly_once(server: CentralServer) -> None:
    grant = server.register_device("Quầy A")
    headers = _auth(server.device_token(grant))
    dev = Device(grant.device_id)
    commands = [dev.received(code_for(grant.block_first + i))[1] for i in range(3)]
    first = httpx.post(server.api + "/commands", json=dev.batch(commands), headers=headers)
    assert first.status_code == 200
    results = first.json()["results"]
    assert [r["outcome"] for r in results] == ["applied"] * 3
    seqs = [r["server_seq"] for r in results]
    assert seqs == sorted(seqs)
    again = httpx.post(server.api + "/commands", json=dev.batch(commands), headers=headers)
    assert [r["outcome"] for r in again.json()["results"]] == ["replayed"] * 3
    assert [r["server_seq"] for r in again.json()["results"]] == seqs
    changed = [dict(commands[0], body={**commands[0]["body"], "summary": "khác"})]
    fresh = dev.received(code_for(grant.block_first + 10))[1]
    clash = httpx.post(server.api + "/commands", json=dev.batch([fresh, *changed]), headers=headers)
    assert clash.status_code == 409 and clash.json()["code"] == "command_id_reused"
    alone = httpx.post(server.api + "/commands", json=dev.batch([fresh]), headers=headers)
    assert alone.json()["results"][0]["outcome"] == "applied"  # the 409 applied nothing


def _tus(headers: dict[str, str]) -> dict[str, str]:
    return {**headers, "Tus-Resumable": "1.0.0"}


def test_tus_upload_resumes_and_checks(server: CentralServer) -> None:
    grant = server.register_device("Quầy B")
    headers = _tus(_auth(server.device_token(grant)))
    data = os.urandom(700_000)
    sha = hashlib.sha256(data).hexdigest()
    meta = "sha256 " + base64.b64encode(sha.encode()).decode()
    created = httpx.post(
        server.api + "/files",
        headers={**headers, "Upload-Length": str(len(data)), "Upload-Metadata": meta},
    )
    assert created.status_code == 201 and created.headers["upload-offset"] == "0"
    where = server.url + created.headers["location"]
    chunk = data[:400_000]

    def patch(offset: int, body: bytes, checksum: bytes | None = None) -> httpx.Response:
        digest = hashlib.sha256(checksum if checksum is not None else body).digest()
        return httpx.patch(
            where,
            content=body,
            headers={
                **headers,
                "Upload-Offset": str(offset),
                "Content-Type": "application/offset+octet-stream",
                "Upload-Checksum": "sha256 " + base64.b64encode(digest).decode(),
            },
        )

    assert patch(0, chunk).status_code == 204
    stale = patch(0, os.urandom(400_000))  # a stale chunk: refused, nothing written
    assert stale.status_code == 409 and stale.headers["upload-offset"] == "400000"
    assert patch(400_000, data[400_000:], checksum=b"other").status_code == 460
    assert httpx.head(where, headers=headers).headers["upload-offset"] == "400000"
    done = patch(400_000, data[400_000:])
    assert done.status_code == 204 and done.headers["upload-offset"] == str(len(data))
    again = httpx.post(
        server.api + "/files",
        headers={**headers, "Upload-Length": str(len(data)), "Upload-Metadata": meta},
    )
    assert again.status_code == 201 and again.headers["upload-offset"] == str(len(data))


def test_whole_file_checksum_is_checked_at_the_end(server: CentralServer) -> None:
    grant = server.register_device("Quầy D")
    headers = _tus(_auth(server.device_token(grant)))
    data = os.urandom(300_000)
    claimed = hashlib.sha256(b"another file").hexdigest()
    meta = "sha256 " + base64.b64encode(claimed.encode()).decode()
    created = httpx.post(
        server.api + "/files",
        headers={**headers, "Upload-Length": str(len(data)), "Upload-Metadata": meta},
    )
    where = server.url + created.headers["location"]
    sent = httpx.patch(
        where,
        content=data,
        headers={
            **headers,
            "Upload-Offset": "0",
            "Content-Type": "application/offset+octet-stream",
        },
    )
    assert sent.status_code == 460 and sent.json()["code"] == "file_checksum_mismatch"
    assert httpx.head(where, headers=headers).headers["upload-offset"] == "0"
    assert not list(server.files_dir.glob(f"blobs/*/{claimed}"))
    assert httpx.delete(where, headers=headers).status_code == 204
    assert httpx.head(where, headers=headers).status_code == 404
