"""A dossier as the counter reads it: appointment and warning, documents, fees, history."""

from __future__ import annotations

from datetime import datetime
from html import escape

from counter_app.domain.deadlines import DeadlineCalculator, Timeliness
from counter_app.domain.dossier import Dossier
from counter_app.domain.masking import mask_digits
from counter_app.i18n import _
from counter_app.services.desk import warning_of
from ui import labels


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th align='left'>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table cellspacing='0' cellpadding='3' width='100%'><tr>{head}</tr>{body}</table>"


def _heading(text: str) -> str:
    return f"<h3>{escape(text)}</h3>"


def warning_text(dossier: Dossier, deadlines: DeadlineCalculator, now: datetime) -> str:
    level = warning_of(deadlines, dossier.status, dossier.due_at, now)
    return _(labels.WARNING[level])


def _judged(result: Timeliness | None) -> str:
    return _(labels.TIMELINESS[result]) if result is not None else ""


def handovers(d: Dossier) -> list[list[str]]:
    """Each hand-over in time order: time, giver, receiver, the result against its step."""
    rows = [(t.at, [t.by, f"{t.receiver} ({t.to_agency})", _judged(t.result)]) for t in d.transfers]
    rows += [
        (b.at, [f"{b.giver} ({b.from_agency})", b.by, _judged(b.result)]) for b in d.results_back
    ]
    return [[labels.moment(at), *cells] for at, cells in sorted(rows, key=lambda r: r[0])]


def render(dossier: Dossier, warning: str) -> str:
    d = dossier
    parts = [
        f"<h2>{escape(d.code)} — {escape(labels.status(d.status))}</h2>",
        f"<p><b>{escape(d.procedure_code)}</b> {escape(d.procedure_name)}</p>",
        "<p>"
        + escape(
            _("Applicant: {name} (ID {id})").format(
                name=d.applicant.name, id=mask_digits(d.applicant.id_number)
            )
        )
        + "<br>"
        + escape(
            _("Received: {at} by {who}").format(at=labels.moment(d.received_at), who=d.received_by)
        )
        + "<br>"
        + escape(
            _("Appointment: {due} — {warning}").format(
                due=labels.moment(d.due_at) or _("not set yet"), warning=warning
            )
        )
        + "</p>",
        _heading(_("Documents")),
        _table(
            [_("Document"), _("Form"), _("Quantity"), _("Present")],
            [
                [
                    i.name,
                    _(labels.FORM[i.form]),
                    str(i.quantity),
                    _("Yes") if i.present else _("No"),
                ]
                for i in d.items
            ],
        ),
        _heading(_("Fees and payments")),
        _table(
            [_("Fee"), _("Amount"), _("When"), _("Paid")],
            [
                [
                    f.name,
                    labels.money(f.amount_vnd),
                    _(labels.FEE_TIMING[f.timing]),
                    _("Yes") if f.is_paid else _("No"),
                ]
                for f in d.fees
            ],
        ),
        _heading(_("Hand-overs")),
        _table([_("Time"), _("Given by"), _("Received by"), _("Result")], handovers(d)),
        _heading(_("History")),
        _table(
            [_("Time"), _("Status"), _("By"), _("Note")],
            [[labels.moment(c.at), labels.status(c.to_status), c.actor, c.note] for c in d.history],
        ),
    ]
    return "".join(parts)
