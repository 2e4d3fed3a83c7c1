"""The slips seam the window receives (``ui.session.SlipPrinter``), built by the composition root
from the printing room's renderer, the CUPS printer and a page renderer. The window only names a
dossier, a slip kind and who acts; the rules (which slip applies, who may reprint, what is
recorded and when) stay in :mod:`counter_app.services.slips`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from counter_app.domain.dossier import Dossier
from counter_app.domain.slip_kinds import SlipKind, applies
from counter_app.domain.vntime import as_vn
from counter_app.ports import Printer
from counter_app.services import slips
from counter_app.services.context import ServiceContext

#: The slips of one dossier in the order the window offers them.
DOSSIER_SLIP_ORDER = (
    SlipKind.RECEIPT,
    SlipKind.SUPPLEMENT,
    SlipKind.REFUSAL,
    SlipKind.APOLOGY,
    SlipKind.STOP,
    SlipKind.CONTROL,
)

PageRenderer = Callable[[bytes, int], list[bytes]]


@dataclass(frozen=True)
class SlipsAdapter:
    """Every method may block (store, rendering, CUPS): the window calls them on its I/O lane."""

    ctx: ServiceContext
    renderer: slips.SlipRenderer
    printer: Printer
    pages: PageRenderer
    supervisors_only: bool = True

    def applicable(self, dossier: Dossier) -> list[str]:
        return [kind.value for kind in DOSSIER_SLIP_ORDER if applies(kind, dossier)]

    def render(self, code: str, kind: str, actor: str, reprint: bool, reason: str) -> bytes:
        """The slip as it would be issued now; records nothing."""
        request = self._request(code, kind, actor, reprint, reason, None, 1)
        return slips.preview(
            self.ctx, self.renderer, request, supervisors_only=self.supervisors_only
        )

    def issue(
        self,
        code: str,
        kind: str,
        actor: str,
        reprint: bool,
        reason: str,
        printer: str | None,
        copies: int,
    ) -> bytes:
        """Issue the slip: to ``printer`` (recorded only once the queue accepted it), or, with
        ``printer`` None, saved with the dossier only. Returns the issued PDF."""
        request = self._request(code, kind, actor, reprint, reason, printer, copies)
        issued = slips.issue(
            self.ctx,
            self.renderer,
            request,
            self.printer if printer is not None else None,
            supervisors_only=self.supervisors_only,
        )
        return issued.pdf

    def printers(self) -> list[str]:
        return list(self.printer.queues())

    def preview_pages(self, pdf: bytes, dpi: int = 110) -> list[bytes]:
        """Every page of ``pdf`` as PNG bytes."""
        return self.pages(pdf, dpi)

    def _request(
        self,
        code: str,
        kind: str,
        actor: str,
        reprint: bool,
        reason: str,
        printer: str | None,
        copies: int,
    ) -> slips.PrintRequest:
        """``code`` is the dossier's code; for the guidance sheet the procedure's; for the
        hand-over list the batch's dossier codes (separated by spaces), handed over today."""
        slip = SlipKind(kind)
        if slip is SlipKind.HANDOVER:
            today = as_vn(self.ctx.clock.now()).date()
            return slips.PrintRequest(
                slip,
                actor,
                period=(today, today),
                dossier_codes=tuple(code.split()),
                printer=printer,
                copies=copies,
            )
        guidance = slip is SlipKind.GUIDANCE
        return slips.PrintRequest(
            slip,
            actor,
            dossier_code="" if guidance else code,
            procedure_code=code if guidance else "",
            printer=printer,
            copies=copies,
            reprint=reprint,
            reason=reason,
        )
