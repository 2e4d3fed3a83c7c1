"""The centre's changes feed applied to the local store: the processing agency's status changes
and results, and online dossiers kept as waiting items with their acceptance clock."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from counter_app.composition import App
from counter_app.domain.dossier import Party
from counter_app.domain.enums import ApplicantKind, Channel, DossierStatus
from counter_app.domain.errors import NotFoundError
from counter_app.services import intake, maintenance
from counter_app.services.central_link import load_link
from sync.facade import open_sync
from tests.central_server import CentralServer
from tests.sync.support import PROCEDURE, central_codes, join, receive


def _agency_event(server: CentralServer, code: str, kind: str, status: int) -> None:
    reply = httpx.post(
        f"{server.api}/agency/dossiers/{code}/events",
        json={"kind": kind, "status": status, "note": "Phòng Tư pháp"},
        headers={"Authorization": f"Bearer {server.token(server.supervisor)}"},
        timeout=10,
    )
    assert reply.status_code == 201, reply.text


def _online(server: CentralServer) -> str:
    reply = httpx.post(
        f"{server.api}/online-dossiers",
        json={
            "agency_id": server.agency_id,
            "procedure_code": "1.001193",
            "applicant": {"name": "Trần Thị Bình"},
            "submitted_at": datetime.now(UTC).isoformat(),
        },
        headers={"Authorization": f"Bearer {server.token(server.supervisor)}"},
        timeout=10,
    )
    assert reply.status_code == 201, reply.text
    code: str = reply.json()["dossier_code"]
    return code


def test_agency_changes_and_online_dossiers_arrive_once(
    live_app: App, central: CentralServer
) -> None:
    join(live_app, central)
    first, second = receive(live_app, 2)
    service = open_sync(live_app.services)
    service.sync_once()
    _agency_event(central, first, "status_changed", int(DossierStatus.PROCESSING))
    _agency_event(central, second, "result_ready", int(DossierStatus.RESOLVED))
    online = _online(central)
    report = service.sync_once()
    assert report.changes_applied == 3
    with live_app.store.read() as tx:
        a, b = tx.dossiers.by_code(first), tx.dossiers.by_code(second)
    assert a is not None and a.status is DossierStatus.PROCESSING
    assert b is not None and b.status is DossierStatus.RESOLVED
    [waiting] = service.online_waiting()
    assert waiting.dossier_code == online
    assert waiting.applicant_name == "Trần Thị Bình"
    assert waiting.acceptance_due > waiting.submitted_at
    assert service.status().online_waiting == 1
    again = service.sync_once()  # the cursor moved with the changes: nothing applied twice
    assert again.changes_applied == 0
    link = load_link(live_app.store)
    assert link is not None and link.changes_cursor
    report_audit = maintenance.verify_audit(live_app.store)  # the centre's moves are sealed
    assert report_audit.ok, report_audit.findings


def test_an_online_dossier_is_accepted_under_the_centres_code(
    live_app: App, central: CentralServer
) -> None:
    """The counter accepts a waiting online dossier: received under the code the centre gave it
    (not one of this PC's block), it stops waiting, and the centre takes it without a clash."""
    join(live_app, central)
    service = open_sync(live_app.services)
    online = _online(central)
    service.sync_once()
    assert [w.dossier_code for w in service.online_waiting()] == [online]
    with live_app.store.read() as tx:
        block_state = tx.devices.local(live_app.services.agency_code).state
    applicant = Party(ApplicantKind.CITIZEN, "Trần Thị Bình", "001090012345")
    request = intake.IntakeRequest(PROCEDURE, applicant)
    dossier = intake.receive_online(live_app.services, request, online, "canbo1")
    assert (dossier.code, dossier.channel) == (online, Channel.ONLINE)
    assert dossier.appointment is not None
    assert service.online_waiting() == []
    with live_app.store.read() as tx:  # no code of this PC's block was used
        assert tx.devices.local(live_app.services.agency_code).state == block_state
    report = service.sync_once()
    assert (report.parked, report.remaining) == (0, 0)
    assert central_codes(central) == [online]
    for code in (online, f"{central.agency_id}-991231-0999"):  # answered already; never sent
        with pytest.raises(NotFoundError) as refused:
            intake.receive_online(live_app.services, request, code, "canbo1")
        assert refused.value.code == "online_dossier_not_waiting"
    with live_app.store.read() as tx:
        assert tx.dossiers.count() == 1  # the refused tries stored nothing
