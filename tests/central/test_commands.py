"""Commands: per-command rejections with a code, history by server_seq, the audit chain anchor."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select

from counter_app.domain.enums import DossierStatus
from counter_app.store.canonical import Snapshot
from sync.central import db
from tests.central.support import Device, bearer, code_for, dossier
from tests.central_server import CentralServer, RegisteredDevice


def _push(server: CentralServer, grant: RegisteredDevice, batch: dict[str, Any]) -> httpx.Response:
    return httpx.post(
        server.api + "/commands", json=batch, headers=bearer(server.device_token(grant))
    )


def _outcomes(reply: httpx.Response) -> list[tuple[str, str | None]]:
    assert reply.status_code == 200, reply.text
    return [(r["outcome"], r["code"]) for r in reply.json()["results"]]


def test_each_bad_command_is_rejected_with_its_code(server: CentralServer) -> None:
    grant = server.register_device("Quầy R")
    other = server.register_device("Quầy S")
    dev = Device(grant.device_id)
    base = grant.block_first
    good_dossier, good = dev.received(code_for(base + 1))
    foreign = dev.received(code_for(base + 2, agency="000.00.01.H22"))[1]
    outside = dev.received(code_for(other.block_first + 1))[1]
    reserved = dev.received(code_for(500))[1]
    clash = dev.received(code_for(base + 1))[1]  # same code, another dossier id
    malformed = dev.command("dossier.received", dossier(code_for(base + 3)), body={"x": 1})
    unknown = dev.command("dossier.returned", dossier(code_for(base + 4)))
    slip = dev.command("slip.issued", good_dossier, body={"form": "01", "copies": 2})
    reply = _push(
        server,
        grant,
        dev.batch([good, foreign, outside, reserved, clash, malformed, unknown, slip]),
    )
    assert _outcomes(reply) == [
        ("applied", None),
        ("rejected", "wrong_agency"),
        ("rejected", "code_outside_slot"),
        ("rejected", "code_outside_slot"),
        ("rejected", "code_clash"),
        ("rejected", "malformed_command"),
        ("rejected", "unknown_dossier"),
        ("applied", None),
    ]
    results = reply.json()["results"]
    assert results[0]["server_seq"] < results[7]["server_seq"]
    assert all(r["server_seq"] is None for r in results[1:7])


def test_a_rejected_command_is_judged_again_when_sent_again(server: CentralServer) -> None:
    grant = server.register_device("Quầy T")
    dev = Device(grant.device_id)
    d = dossier(code_for(grant.block_first + 7))
    change = dev.command("dossier.transferred", d)
    first = _push(server, grant, dev.batch([change]))
    assert _outcomes(first) == [("rejected", "unknown_dossier")]
    create = dev.command("dossier.received", d)
    assert _outcomes(_push(server, grant, dev.batch([create, change]))) == [
        ("applied", None),
        ("applied", None),
    ]


def test_history_keeps_every_change_in_server_order(server: CentralServer) -> None:
    grant = server.register_device("Quầy H")
    dev = Device(grant.device_id)
    d = dossier(code_for(grant.block_first + 9))
    created = dev.command("dossier.received", d)
    d.move_to(DossierStatus.PROCESSING, d.received_at, "canbo1")
    moved = dev.command("dossier.transferred", d)
    reply = _push(server, grant, dev.batch([created, moved]))
    seqs = [r["server_seq"] for r in reply.json()["results"]]
    engine = db.make_engine(server.db_url)
    with engine.connect() as conn:
        rows = conn.execute(
            select(db.history.c.server_seq, db.history.c.type, db.history.c.status)
            .where(db.history.c.dossier_id == d.id)
            .order_by(db.history.c.server_seq)
        ).all()
        current = conn.execute(
            select(db.dossiers.c.status, db.dossiers.c.body).where(db.dossiers.c.id == d.id)
        ).one()
    engine.dispose()
    assert [tuple(r) for r in rows] == [
        (seqs[0], "dossier.received", 2),
        (seqs[1], "dossier.transferred", 4),
    ]
    assert current.status == 4 and current.body == Snapshot.of(d).text


def test_a_rewritten_audit_chain_is_refused_and_nothing_applied(server: CentralServer) -> None:
    grant = server.register_device("Quầy C")
    dev = Device(grant.device_id)
    first = _push(server, grant, dev.batch([dev.received(code_for(grant.block_first + 1))[1]]))
    dev.acknowledge(first.json())
    assert first.json()["chain_seq"] == 1
    follow = dev.received(code_for(grant.block_first + 2))[1]
    lost_answer = _push(server, grant, dev.batch([follow]))  # acknowledged, answer lost
    assert _outcomes(lost_answer) == [("applied", None)]
    again = _push(server, grant, dev.batch([follow]))  # the device sends the old anchor
    assert _outcomes(again) == [("replayed", None)]
    dev.acknowledge(again.json())
    rewritten = Device(grant.device_id, seq=dev.seq, acked=(dev.acked[0], "f" * 64))
    rewritten.chain = [(dev.seq, "e" * 64)]
    fresh = rewritten.received(code_for(grant.block_first + 3))[1]
    refused = _push(server, grant, rewritten.batch([fresh]))
    assert refused.status_code == 409
    assert refused.json()["code"] == "audit_chain_diverged"
    engine = db.make_engine(server.db_url)
    with engine.connect() as conn:
        stored = conn.execute(
            select(db.commands.c.id).where(db.commands.c.id == fresh["id"])
        ).first()
    engine.dispose()
    assert stored is None


def test_another_devices_batch_is_forbidden(server: CentralServer) -> None:
    grant = server.register_device("Quầy F")
    other = server.register_device("Quầy G")
    dev = Device(other.device_id)
    reply = _push(server, grant, dev.batch([dev.received(code_for(other.block_first))[1]]))
    assert reply.status_code == 403 and reply.json()["code"] == "forbidden"
