"""What ``find --json`` shows of a dossier's life beyond its summary: tracking-book entry, the
representative and the authorisation, supplement rounds, pauses, refusal, withdrawal and stop,
fees and refunds, the hand-overs (giver, receiver, time, result) and results back, the return of
the result. Personal numbers (ID numbers, phones, addresses) are
left out: the output goes to a screen or a log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from counter_app.domain.codec import to_jsonable
from counter_app.domain.dossier import Dossier, DossierSummary
from counter_app.domain.rules import slip_set_for_receipt
from counter_app.store.unit_of_work import Store

__all__ = ["life_of", "with_life"]


def _representative(d: Dossier) -> dict[str, Any] | None:
    if d.submitter is None:
        return None
    return {
        "name": d.submitter.name,
        "kind": int(d.submitter.kind),
        "authorisation": to_jsonable(d.authorisation),
    }


def _fees(d: Dossier) -> list[dict[str, Any]]:
    return [
        {
            "name": f.name,
            "amount_vnd": f.amount_vnd,
            "timing": f.timing.value,
            "paid": f.is_paid,
            "method": f.method.value if f.method else None,
            "receipt_no": f.receipt_no,
            "paid_at": to_jsonable(f.paid_at),
        }
        for f in d.fees
    ]


def _rounds(d: Dossier) -> list[dict[str, Any]]:
    keys = ("number", "requested_at", "requested_by", "received_at", "received_by")
    return [
        {
            **{k: to_jsonable(getattr(r, k)) for k in keys},
            **{
                "old_due": to_jsonable(r.old_due),
                "new_due": to_jsonable(r.new_due),
                "missing": len(r.items),
            },
        }
        for r in d.supplements
    ]


def life_of(d: Dossier) -> dict[str, Any]:
    appt = d.appointment
    return {
        "tracking_book": to_jsonable(d.tracking),
        "slip_set": slip_set_for_receipt(d.received_at).id,
        "representative": _representative(d),
        "legal_due": to_jsonable(d.legal_due),
        "rescheduled_due": to_jsonable(appt.rescheduled_due if appt else None),
        "apologised_at": to_jsonable(d.apologised_at),
        "supplement_requests": d.supplement_requests,
        "counts_late_for_supplements": d.counts_late_for_supplements,
        "supplement_rounds": _rounds(d),
        "pauses": to_jsonable(d.pauses),
        "refused_at": to_jsonable(d.refused_at),
        "refused_after_receipt": d.refused_after_receipt,
        "withdrawal": to_jsonable(d.withdrawal),
        "stop_notice": to_jsonable(d.stop_notice),
        "fees": _fees(d),
        "refunds": to_jsonable(d.refunds),
        "delivery": {"method": int(d.delivery.method), "postage_vnd": d.delivery.postage_vnd},
        "result_return": to_jsonable(d.result_return),
        "handovers": to_jsonable(d.transfers),
        "results_back": to_jsonable(d.results_back),
    }


def with_life(store: Store, summaries: Sequence[DossierSummary]) -> list[dict[str, Any]]:
    """Each summary as JSON, with :func:`life_of` its dossier."""
    rows: list[dict[str, Any]] = []
    with store.read() as tx:
        for summary in summaries:
            row: dict[str, Any] = to_jsonable(summary)
            dossier = tx.dossiers.get(summary.id)
            if dossier is not None:
                row["life"] = life_of(dossier)
            rows.append(row)
    return rows
