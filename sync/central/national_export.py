"""``GET /api/v1/dossiers/{code}/national``: the dossier as the national portal's record
(``DongBoHoSoMC``) with its progress records (``QuaTrinhXuLy``), by :mod:`sync.national`."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from counter_app.domain.codec import decode_stored_json
from counter_app.domain.dossier import Dossier
from counter_app.domain.errors import DomainError
from counter_app.domain.procedure import procedure_from_record
from sync import national
from sync.central import db
from sync.central.auth import Principal, require_agency
from sync.central.problems import ApiProblem
from sync.central.state import Central


class NationalExport(BaseModel):
    """``dossier``: the DongBoHoSoMC record (resources/schemas/national-dossier.schema.json);
    ``progress``: its QuaTrinhXuLy records (national-progress.schema.json)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    dossier: dict[str, Any]
    progress: list[dict[str, Any]]


def export(c: Central, who: Principal, code: str) -> NationalExport:
    d, p, a = db.dossiers, db.procedures, db.agencies
    with db.reading(c.engine) as conn:
        row = conn.execute(select(d.c.agency_id, d.c.body).where(d.c.code == code)).first()
        if row is None:
            raise ApiProblem(404, "unknown_dossier", dossier_code=code)
        require_agency(who, row.agency_id)
        try:
            dossier = decode_stored_json(Dossier, row.body, record="dossier")
        except DomainError as err:
            raise ApiProblem(500, "stored_record_damaged", record="dossier") from err
        proc = conn.execute(
            select(p.c.body).where(p.c.code == dossier.procedure_code)
        ).scalar_one_or_none()
        name = conn.execute(select(a.c.name).where(a.c.id == row.agency_id)).scalar_one()
        names = dict(
            conn.execute(
                select(db.staff.c.username, db.staff.c.full_name).where(
                    db.staff.c.agency_id == row.agency_id
                )
            ).all()
        )
    procedure = procedure_from_record(json.loads(proc)) if proc else None
    return NationalExport(
        dossier=national.dossier_record(dossier, procedure, name),
        progress=national.progress_records(dossier, names=names),
    )
