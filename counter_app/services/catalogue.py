"""Loading the procedure catalogue (for now from the shipped sample; later from the central system)."""

from __future__ import annotations

import json
from pathlib import Path

from counter_app.domain.errors import (
    NotFoundError,
    ValidationError,
)
from counter_app.domain.procedure import Procedure, procedure_from_record
from counter_app.i18n import N_
from counter_app.ports import Progress
from counter_app.resources import resource_path
from counter_app.store.unit_of_work import Store

SAMPLE_CATALOGUE = ("data", "procedures-sample.json")


def read_catalogue(path: Path) -> list[Procedure]:
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise NotFoundError("catalogue_not_found", path=str(path)) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValidationError("invalid_catalogue", field="json", detail=str(exc)) from exc
    if not isinstance(records, list):
        raise ValidationError("invalid_catalogue", field="json", detail="not a list")
    procedures = []
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            raise ValidationError("invalid_catalogue", field=f"[{index}]", detail="not an object")
        try:
            procedures.append(procedure_from_record(record))
        except ValidationError as err:  # say which record: a catalogue has hundreds
            raise ValidationError(
                "invalid_catalogue", field=f"[{index}].{err.field}", detail=err.code
            ) from err
    return procedures


IMPORT_MESSAGE = N_("Importing the procedure catalogue")


def import_catalogue(
    store: Store, procedures: list[Procedure], progress: Progress | None = None
) -> int:
    """All procedures in one transaction: cancelling (``Cancelled`` from ``progress.check()``
    between two procedures) rolls back every one already written."""
    if progress is not None:
        progress.start(len(procedures), IMPORT_MESSAGE)
    with store.write() as tx:
        for procedure in procedures:
            if progress is not None:
                progress.check()
            tx.procedures.upsert(procedure)
            if progress is not None:
                progress.advance()
    return len(procedures)


def sample_catalogue() -> list[Procedure]:
    return read_catalogue(resource_path(*SAMPLE_CATALOGUE))


def search_procedures(store: Store, query: str, limit: int = 50) -> list[Procedure]:
    with store.read() as tx:
        return tx.procedures.search(query, limit)
