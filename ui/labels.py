"""Words for the core's enumerations, and dates and money the Vietnamese way (dd/MM/yyyy,
``1.250.000 đ``). Marked with ``N_`` for the catalogue and translated when shown."""

from __future__ import annotations

from datetime import date, datetime

from counter_app.domain.deadlines import Timeliness, WarningLevel
from counter_app.domain.enums import (
    ApplicantKind,
    Channel,
    DeliveryMethod,
    DocumentForm,
    DossierStatus,
    FeeTiming,
    PaymentMethod,
)
from counter_app.domain.vntime import as_vn
from counter_app.i18n import N_, _

STATUS = {
    DossierStatus.NEW: N_("New"),
    DossierStatus.RECEIVED: N_("Received"),
    DossierStatus.REFUSED: N_("Refused"),
    DossierStatus.PROCESSING: N_("Processing"),
    DossierStatus.SUPPLEMENT_REQUESTED: N_("Supplement requested"),
    DossierStatus.FINANCIAL_OBLIGATION: N_("Financial obligation"),
    DossierStatus.WITHDRAWN: N_("Withdrawal requested"),
    DossierStatus.STOPPED: N_("Stopped"),
    DossierStatus.RESOLVED: N_("Result ready"),
    DossierStatus.RETURNED: N_("Result returned"),
}
WARNING = {
    WarningLevel.NORMAL: N_("On schedule"),
    WarningLevel.DUE_SOON: N_("Due within a working day"),
    WarningLevel.OVERDUE: N_("Overdue"),
}
TIMELINESS = {
    Timeliness.EARLY: N_("Early"),
    Timeliness.ON_TIME: N_("On time"),
    Timeliness.LATE: N_("Late"),
}
FORM = {
    DocumentForm.ORIGINAL: N_("Original"),
    DocumentForm.CERTIFIED_COPY: N_("Certified copy"),
    DocumentForm.COPY: N_("Photocopy"),
    DocumentForm.PRESENT_ONLY: N_("Shown only"),
}
FEE_TIMING = {
    FeeTiming.BEFORE: N_("Collect now"),
    FeeTiming.AFTER: N_("Collect on return"),
    FeeTiming.WAIVED: N_("Waived"),
}
PAYMENT = {
    PaymentMethod.CASH: N_("Cash"),
    PaymentMethod.BANK_TRANSFER: N_("Bank transfer"),
    PaymentMethod.ONLINE: N_("Online payment"),
}
DELIVERY = {
    DeliveryMethod.COUNTER: N_("At the counter"),
    DeliveryMethod.POST: N_("By post"),
    DeliveryMethod.ONLINE: N_("Online"),
}
CHANNEL = {
    Channel.DIRECT: N_("In person"),
    Channel.ONLINE: N_("Online"),
    Channel.POSTAL: N_("By post"),
}
APPLICANT = {
    ApplicantKind.CITIZEN: N_("Person"),
    ApplicantKind.BUSINESS: N_("Business"),
    ApplicantKind.STATE_BODY: N_("State body"),
    ApplicantKind.OTHER_ORGANISATION: N_("Other organisation"),
}


def status(value: DossierStatus) -> str:
    return _(STATUS[value])


def day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def moment(value: datetime | None) -> str:
    return as_vn(value).strftime("%H:%M %d/%m/%Y") if value else ""


def iso(value: datetime | None) -> str:
    """A moment as text that sorts in time order ("" — no time — first)."""
    return as_vn(value).isoformat() if value else ""


def money(amount: int | None) -> str:
    if amount is None:
        return ""
    return f"{amount:,}".replace(",", ".") + " đ"
