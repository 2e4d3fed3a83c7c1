"""The findings of ``audit verify`` in the user's language: each names the dossier by its code."""

from __future__ import annotations

from counter_app.domain.errors import DomainError
from counter_app.i18n import N_, _, error_message
from counter_app.store.audit_verify import AuditReport, Finding

#: What the user calls the columns checked against a dossier's sealed body.
COLUMN_LABELS: dict[str, str] = {
    "code": N_("dossier code"),
    "agency_code": N_("agency"),
    "procedure_code": N_("procedure code"),
    "channel": N_("channel"),
    "status": N_("status"),
    "applicant_name": N_("applicant's name"),
    "applicant_name_key": N_("name search key"),
    "applicant_id_number": N_("ID number"),
    "applicant_phone": N_("phone number"),
    "received_at": N_("received time"),
    "due_at": N_("appointment"),
    "version": N_("version"),
}

UNKNOWN_DOSSIER = N_("(unknown)")


def finding_message(finding: Finding) -> str:
    """The sentence for one finding (its code is a message code of ``messages.MESSAGES``)."""
    params = dict(finding.params)
    if "columns" in params:
        params["columns"] = ", ".join(_(COLUMN_LABELS.get(c, c)) for c in params["columns"])
    return error_message(
        DomainError(
            finding.code,
            seq=finding.seq,
            dossier_code=finding.dossier_code or _(UNKNOWN_DOSSIER),
            **params,
        )
    )


def legacy_note(report: AuditReport) -> str | None:
    """Says how many entries predate body seals (schema 0003), when there are any."""
    if not report.legacy_entries:
        return None
    return _(
        "{n} legacy audit entries without a body seal (written before the audit log sealed "
        "dossier contents): the chain covers them, but those dossiers' contents can only be "
        "checked from their next change on."
    ).format(n=report.legacy_entries)
