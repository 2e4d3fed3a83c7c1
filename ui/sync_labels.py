"""Words for sync: the link state, the outbox events, the centre's refusal codes and what staff
can do about each. The codes come from the engine and the centre; the words live here."""

from __future__ import annotations

from counter_app.domain.errors import DomainError
from counter_app.i18n import N_, _, error_message
from counter_app.messages import MESSAGES
from ui import labels
from ui.sync_seam import DEMO, NOT_REGISTERED, OFFLINE, ONLINE, REFUSED, LinkStatus

LINK = {
    ONLINE: N_("Online"),
    OFFLINE: N_("Offline — retrying on its own"),
    REFUSED: N_("Sync refused"),
    NOT_REGISTERED: N_("Not registered with the centre"),
    DEMO: N_("Demo store — never synced"),
}
#: Text colour of the link label by state.
LINK_COLOUR = {
    ONLINE: "#1b7a2f",
    OFFLINE: "#9a6200",
    REFUSED: "#b3261e",
    NOT_REGISTERED: "#5b6773",
    DEMO: "#5b6773",
}

EVENTS = {
    "dossier.received": N_("Dossier received"),
    "dossier.supplement_requested": N_("Supplement requested"),
    "dossier.supplement_received": N_("Supplement received"),
    "dossier.refused": N_("Dossier refused"),
    "dossier.transferred": N_("Handed over to the agency"),
    "dossier.resolved": N_("Result received back"),
    "dossier.returned": N_("Result returned"),
    "dossier.withdrawn": N_("Withdrawal requested"),
    "dossier.stopped": N_("Processing stopped"),
    "dossier.fee_collected": N_("Fee collected"),
    "dossier.financial_obligation": N_("Financial obligation"),
    "dossier.processing": N_("Processing resumed"),
    "dossier.apologised": N_("Apology and new appointment"),
    "dossier.rated": N_("Satisfaction rating"),
    "dossier.scan_attached": N_("Scanned document attached"),
    "dossier.scan_deleted": N_("Scanned document removed"),
    "dossier.scan_text_layer": N_("Text recognised in a scanned document"),
    "slip.issued": N_("Slip issued"),
    "slip.reprinted": N_("Slip reprinted"),
}

#: The centre's reasons for refusing a change (its ``Rejected`` codes): what it means, and
#: what staff can do about it.
REFUSAL_REASONS = {
    "unknown_dossier": (
        N_("The centre does not know this dossier: its intake has not reached the centre."),
        N_(
            "Retry after the earlier changes of the dossier have been sent. If it is refused "
            "again, call technical support with the dossier code."
        ),
    ),
    "wrong_agency": (
        N_("The dossier belongs to another agency than this counter's."),
        N_("Call technical support: this counter may be registered with the wrong agency."),
    ),
    "code_changed": (
        N_("The change gives the dossier another code than the one the centre holds."),
        N_("Do not retry. Call technical support with the dossier code."),
    ),
    "malformed_command": (
        N_("The centre could not read this change: it is incomplete or damaged."),
        N_(
            "Call technical support with the dossier code. The change stays on this computer; "
            "retry once they say it is fixed."
        ),
    ),
    "code_clash": (
        N_("Another dossier at the centre already has this code."),
        N_(
            "Call technical support now: two counters issued the same code. Keep the "
            "applicant's receipt aside until it is sorted out."
        ),
    ),
    "code_outside_slot": (
        N_("The dossier code is outside the range the centre gave this counter."),
        N_("Call technical support: this counter's code range must be checked."),
    ),
    "audit_chain_diverged": (
        N_("This counter's audit trail differs from the one the centre keeps."),
        N_("Call technical support; do not retry until the audit trail has been checked."),
    ),
}
DEFAULT_ADVICE = N_(
    "Open the dossier and check it, then press Retry. If the centre refuses it again, call "
    "technical support with the dossier code."
)


def reason_text(code: str | None) -> str:
    """The Vietnamese sentence for a refusal or problem code."""
    if not code:
        return ""
    if code in REFUSAL_REASONS:
        return _(REFUSAL_REASONS[code][0])
    if code in MESSAGES:
        return error_message(DomainError(code))
    return _("The centre refused the change (code {code}).").format(code=code)


def advice_for(code: str) -> str:
    known = REFUSAL_REASONS.get(code)
    return _(known[1] if known is not None else DEFAULT_ADVICE)


def event_text(event: str) -> str:
    known = EVENTS.get(event)
    return _(known) if known is not None else event


def link_text(status: LinkStatus) -> str:
    """One line for the status bar."""
    base = _(LINK.get(status.state, LINK[OFFLINE]))
    if status.state == REFUSED and status.problem_code:
        return _("{state}: {reason}").format(state=base, reason=reason_text(status.problem_code))
    if status.state == ONLINE and status.last_success_at is not None:
        return _("{state} — synced at {time}").format(
            state=base, time=labels.moment(status.last_success_at)
        )
    return base


def link_tooltip(status: LinkStatus) -> str:
    lines = []
    if status.problem_code:
        lines.append(reason_text(status.problem_code))
    if status.last_success_at is not None:
        lines.append(
            _("Last successful sync: {time}").format(time=labels.moment(status.last_success_at))
        )
    if status.clock_skew_s is not None and abs(status.clock_skew_s) > 300:
        lines.append(
            _("This computer's clock is {minutes} minutes off the centre's: set the clock.").format(
                minutes=round(abs(status.clock_skew_s) / 60)
            )
        )
    return "\n".join(lines)
