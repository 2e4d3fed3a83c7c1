"""How a dossier's life ends: withdrawal and stop (with refunds), fees collected after, and the
return of the result at the counter, by post or online."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from counter_app.domain.dossier import Dossier, FeeLine
from counter_app.domain.dossier_life import Refund, ResultReturn, StopNotice, Withdrawal
from counter_app.domain.enums import DeliveryMethod, PaymentMethod
from counter_app.domain.enums import DossierStatus as S
from counter_app.domain.errors import ConflictError, ValidationError
from counter_app.domain.pauses import change_status
from counter_app.domain.status import check_transition
from counter_app.domain.text import nfc
from counter_app.services.context import ServiceContext
from counter_app.services.dossier_change import apply_change, required

__all__ = ["collect_fee", "record_refunds", "return_result", "stop", "withdraw"]


def _fee(d: Dossier, name: str) -> FeeLine:
    wanted = nfc(name) if isinstance(name, str) else ""
    for fee in d.fees:
        if fee.name == wanted:
            return fee
    raise ValidationError("unknown_fee", field="fee", fee=wanted)


def record_refunds(
    d: Dossier, refunds: Mapping[str, int], now: datetime, actor: str, reason: str
) -> None:
    """Fees paid that must be handed back (by fee name, amount in VND, at most what was paid)."""
    for name, amount in refunds.items():
        fee = _fee(d, name)
        if not fee.is_paid:
            raise ConflictError("fee_not_paid", dossier_code=d.code, fee=fee.name)
        valid = isinstance(amount, int) and not isinstance(amount, bool)
        if not valid or not 0 < amount <= fee.amount_vnd:
            raise ValidationError("invalid_refund", field="refunds", fee=fee.name)
        if any(r.fee_name == fee.name for r in d.refunds):
            raise ConflictError("refund_already_recorded", dossier_code=d.code, fee=fee.name)
        d.refunds.append(Refund(fee.name, amount, now, actor, reason))


def withdraw(
    ctx: ServiceContext, code: str, reason: str, actor: str, *, expected_version: int | None = None
) -> Dossier:
    """The applicant asks to withdraw the dossier (status 7); a stop or a refusal follows."""
    text = required(reason, "reason")

    def mutate(d: Dossier, now: datetime) -> None:
        change_status(ctx.deadlines, d, S.WITHDRAWN, now, actor, text)
        d.withdrawal = Withdrawal(now, actor, text)

    return apply_change(ctx, code, actor, expected_version, "withdrawn", mutate)


def stop(
    ctx: ServiceContext,
    code: str,
    reason: str,
    actor: str,
    *,
    refunds: Mapping[str, int] | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """Processing stops (status 8) with the stop notice (TT 03/2025/TT-VPCP Mẫu 05)."""
    text = required(reason, "reason")

    def mutate(d: Dossier, now: datetime) -> None:
        on_withdrawal = d.status is S.WITHDRAWN
        change_status(ctx.deadlines, d, S.STOPPED, now, actor, text)
        d.stop_notice = StopNotice(now, actor, text, on_withdrawal)
        record_refunds(d, refunds or {}, now, actor, text)

    return apply_change(ctx, code, actor, expected_version, "stopped", mutate)


def collect_fee(
    ctx: ServiceContext,
    code: str,
    fee_name: str,
    method: PaymentMethod,
    receipt_no: str,
    actor: str,
    *,
    expected_version: int | None = None,
) -> Dossier:
    """A fee collected after (thu sau) is paid: method, receipt number and time recorded."""
    number = required(receipt_no, "receipt_no")
    if not isinstance(method, PaymentMethod):
        raise ValidationError("invalid_input", field="method")

    def mutate(d: Dossier, now: datetime) -> None:
        if d.status in {S.REFUSED, S.STOPPED, S.RETURNED}:
            raise ConflictError("fee_collection_closed", dossier_code=d.code, status=int(d.status))
        fee = _fee(d, fee_name)
        if fee.is_paid:
            raise ConflictError("fee_already_paid", dossier_code=d.code, fee=fee.name)
        fee.method, fee.receipt_no, fee.paid_at = method, number, now

    return apply_change(ctx, code, actor, expected_version, "fee_collected", mutate)


def _result_return(
    d: Dossier,
    method: DeliveryMethod,
    now: datetime,
    actor: str,
    details: Mapping[str, str],
) -> ResultReturn:
    text = {k: nfc(v) if isinstance(v, str) else "" for k, v in details.items()}
    if method is DeliveryMethod.POST:
        return ResultReturn(
            method,
            now,
            actor,
            text.get("recipient", ""),
            text.get("postal_operator", ""),
            required(text.get("postal_tracking_no", ""), "postal_tracking_no"),
            handed_to_post_at=now,
        )
    if method is DeliveryMethod.ONLINE:
        return ResultReturn(method, now, actor, online_reference=text.get("online_reference", ""))
    return ResultReturn(method, now, actor, text.get("recipient", ""))


def return_result(
    ctx: ServiceContext,
    code: str,
    actor: str,
    note: str = "",
    *,
    method: DeliveryMethod | None = None,
    recipient: str = "",
    postal_operator: str = "",
    postal_tracking_no: str = "",
    online_reference: str = "",
    expected_version: int | None = None,
) -> Dossier:
    """The result was handed over; the dossier is closed (status 10).

    Fees collected after must be paid first (``fee_unpaid``). By post, the hand-over to the postal
    operator and its tracking number are recorded; online, the return is recorded as online."""
    details = {
        "recipient": recipient,
        "postal_operator": postal_operator,
        "postal_tracking_no": postal_tracking_no,
        "online_reference": online_reference,
    }

    def mutate(d: Dossier, now: datetime) -> None:
        check_transition(d.status, S.RETURNED)
        unpaid = d.outstanding_fees
        if unpaid:
            raise ConflictError(
                "fee_unpaid", dossier_code=d.code, fees=", ".join(f.name for f in unpaid)
            )
        how = method if method is not None else d.delivery.method
        record = _result_return(d, DeliveryMethod(how), now, actor, details)
        change_status(ctx.deadlines, d, S.RETURNED, now, actor, nfc(note))
        d.result_return = record

    return apply_change(ctx, code, actor, expected_version, "returned", mutate)
