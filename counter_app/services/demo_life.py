"""The demo's dossiers for the whole life of a dossier (issue 6 §3): refused after receipt,
withdrawn then stopped with refunds, two supplement rounds, a fee collected after, a postal and an
online return, an authorised representative, a financial-obligation pause."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from counter_app.domain.dossier import MissingItem
from counter_app.domain.enums import PaymentMethod
from counter_app.services import intake, lifecycle
from counter_app.services.context import ServiceContext


def postal_tracking_no(code: str) -> str:
    """A VNPost-style item number (UPU S10 shape) made from the dossier code."""
    return f"EB{int(code[-11:].replace('-', '')) % 1_000_000_000:09d}VN"


Steps = list[tuple[timedelta, Callable[[], object]]]


def life_steps(
    ctx: ServiceContext,
    code: str,
    request: intake.IntakeRequest,
    officer: str,
    supervisor: str,
    clerk: str,
) -> dict[str, Steps]:
    """The paths added by issue 6 §3: each shows one rule of a dossier's life."""
    hour = timedelta(hours=1)
    paid = {f.name: f.amount_vnd for f in request.fees if f.is_paid and f.amount_vnd}
    missing = [MissingItem("Bản sao giấy tờ nhân thân", "Bản sao bị mờ, không đọc được")]
    transfer: tuple[timedelta, Callable[[], object]] = (
        hour,
        lambda: lifecycle.transfer(ctx, code, "Phòng Kinh tế", officer, receiver="Đỗ Văn Nam"),
    )
    resolve = (hour * 30, lambda: lifecycle.resolve(ctx, code, officer, giver="Đỗ Văn Nam"))
    return {
        "refused_after_receipt": [
            transfer,
            (
                hour * 3,
                lambda: lifecycle.refuse(
                    ctx, code, "Hồ sơ không đủ điều kiện giải quyết theo quy định", officer
                ),
            ),
        ],
        "withdrawn_stopped": [
            transfer,
            (hour * 3, lambda: lifecycle.withdraw(ctx, code, "Công dân xin rút hồ sơ", officer)),
            (
                hour * 5,
                lambda: lifecycle.stop(
                    ctx, code, "Dừng giải quyết theo đề nghị rút hồ sơ", supervisor, refunds=paid
                ),
            ),
        ],
        "two_supplements": [
            transfer,
            (hour * 3, lambda: lifecycle.request_supplement(ctx, code, missing, "", officer)),
            (hour * 24, lambda: lifecycle.receive_supplement(ctx, code, officer)),
            (hour * 27, lambda: lifecycle.request_supplement(ctx, code, missing, "", officer)),
            (hour * 50, lambda: lifecycle.receive_supplement(ctx, code, officer)),
        ],
        "paid_after": [
            transfer,
            resolve,
            *[
                (
                    hour * 48,
                    lambda name=f.name: lifecycle.collect_fee(
                        ctx, code, name, PaymentMethod.CASH, f"BL{code[-4:]}", officer
                    ),
                )
                for f in request.fees
            ],
            (hour * 49, lambda: lifecycle.return_result(ctx, code, officer)),
        ],
        "postal_return": [
            transfer,
            resolve,
            (
                hour * 50,
                lambda: lifecycle.return_result(
                    ctx,
                    code,
                    clerk,
                    postal_operator="Bưu điện Việt Nam",
                    postal_tracking_no=postal_tracking_no(code),
                ),
            ),
        ],
        "online_return": [
            transfer,
            resolve,
            (
                hour * 50,
                lambda: lifecycle.return_result(
                    ctx, code, officer, online_reference=f"KQ-{code[-11:]}"
                ),
            ),
        ],
        "representative": [transfer],
        "financial_resumed": [
            transfer,
            (
                hour * 8,
                lambda: lifecycle.request_financial_obligation(
                    ctx, code, "Nộp lệ phí trước bạ", officer
                ),
            ),
            (hour * 32, lambda: lifecycle.resume_processing(ctx, code, officer)),
            (hour * 60, lambda: lifecycle.resolve(ctx, code, officer, giver="Đỗ Văn Nam")),
        ],
    }
