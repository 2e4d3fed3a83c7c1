"""``counter-app register`` and ``counter-app sync``: joining the central system and syncing.

Exit codes of ``sync`` (and ``register``):

* 0 — done: everything queued was acknowledged by the centre (``register``: registered);
* 1 — not everything was acknowledged: the centre cannot be reached or is busy (the work stays
  queued and is retried), or some commands were refused and parked for staff;
* 2 — wrong input (a bad server address, a refused user name or password);
* 3 — refused: sync is not allowed as things are (a demo store, a counter not registered, a
  centre serving another agency, a device the centre does not know, a clock more than 5 minutes
  off the centre's, an audit chain the centre does not recognise); nothing was sent and nothing
  was lost, someone must fix the cause;
* 130 — interrupted.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import time
from pathlib import Path
from typing import Any

from counter_app import composition
from counter_app.cli.commands import out
from counter_app.domain.errors import DomainError, ValidationError
from counter_app.i18n import N_, _, error_message
from counter_app.ports import Progress

OK, NOT_DONE, REFUSED = 0, 1, 3
#: ``sync`` without ``--once``: the longest wait between two rounds while the link is down.
MAX_WAIT_S = 60.0


def add_sync_parsers(commands: argparse._SubParsersAction[Any]) -> None:
    register = commands.add_parser(
        "register", help=_("join the central system (a supervisor's sign-in is needed)")
    )
    register.add_argument(
        "--server", required=True, metavar="URL", help=_("central system address")
    )
    register.add_argument("--agency", required=True, metavar="ID", help=_("agency identifier"))
    register.add_argument("--device", required=True, metavar="NAME", help=_("name of this counter"))
    register.add_argument("--user", metavar="USER", help=_("supervisor's user name"))
    sync = commands.add_parser("sync", help=_("send queued work to the central system"))
    what = sync.add_mutually_exclusive_group()
    what.add_argument("--once", action="store_true", help=_("one attempt, then stop"))
    what.add_argument("--status", action="store_true", help=_("show the state of sync"))


def _sync_app(data_dir: Path) -> tuple[composition.App, Any]:
    app = composition.open_app(data_dir)
    return app, composition.sync_room()


def _refusal(err: DomainError) -> int:
    sys.stderr.write(_("Error: {message}").format(message=error_message(err)) + "\n")
    return REFUSED


def cmd_register(data_dir: Path, args: argparse.Namespace) -> int:
    app, room = _sync_app(data_dir)
    try:
        username = (args.user or input(_("Supervisor's user name: "))).strip()
        if not username:
            raise ValidationError("missing_field", field="user")
        password = room.stored_password(username) or getpass.getpass(_("Password: "))
        try:
            done = room.register(
                app.services, args.server, args.agency, args.device, username, password
            )
        except DomainError as err:
            if err.code in room.REFUSALS or err.code == "sync_already_registered":
                return _refusal(err)
            raise
    finally:
        app.close()
    out(
        _("Registered as device {device}: slot {slot}, codes {first:04d}–{last:04d}.").format(
            device=done.device_id, slot=done.slot, first=done.block_first, last=done.block_last
        )
    )
    return OK


def cmd_sync(data_dir: Path, args: argparse.Namespace) -> int:
    app, room = _sync_app(data_dir)
    service = room.open_sync(app.services)
    try:
        if args.status:
            _print_status(service.status())
            return OK
        return _run(service, room, once=args.once)
    finally:
        service.close()
        app.close()


def _run(service: Any, room: Any, *, once: bool) -> int:
    """One round (``--once``), or rounds until everything is acknowledged, a refusal, or only
    parked work remains."""
    attempt = 0
    while True:
        try:
            report = service.sync_once(Progress())
        except DomainError as err:
            if err.code in room.REFUSALS:
                return _refusal(err)
            if once or not err.retryable:
                raise
            attempt += 1
            wait = min(MAX_WAIT_S, 2.0**attempt)
            sys.stderr.write(
                _("{message} Next attempt in {seconds} s.").format(
                    message=error_message(err), seconds=round(wait)
                )
                + "\n"
            )
            time.sleep(wait)
            continue
        return _report(service, report)


def _report(service: Any, report: Any) -> int:
    out(
        _(
            "Sent {sent}, acknowledged {acknowledged}, parked {parked}, files {files}, changes "
            "received {changes}; still queued: {remaining}."
        ).format(
            sent=report.sent,
            acknowledged=report.acknowledged,
            parked=report.parked,
            files=report.files_uploaded,
            changes=report.changes_applied,
            remaining=report.remaining,
        )
    )
    for item in service.parked():
        out(
            _(
                "PARKED: {event} of dossier {code}: the centre refused it ({reason_code}); "
                "{held} later change(s) of this dossier wait behind it. Nothing was lost."
            ).format(
                event=item.event,
                code=item.dossier_code,
                reason_code=item.code,
                held=item.held_back,
            )
        )
    return OK if report.remaining == 0 else NOT_DONE


def _print_status(status: Any) -> None:
    out(_("Link: {state}").format(state=_(STATE_LABELS[str(status.state)])))
    out(_("Queued, not yet acknowledged: {n}").format(n=status.pending_commands))
    out(_("Files to upload: {n}").format(n=status.pending_files))
    out(_("Parked (refused by the centre): {n}").format(n=status.parked))
    out(_("Online dossiers waiting for acceptance: {n}").format(n=status.online_waiting))
    last = status.last_success_at
    out(_("Last success: {at}").format(at=f"{last:%d/%m/%Y %H:%M:%S}" if last else "—"))
    if status.clock_skew_s is not None:
        out(_("Clock difference with the centre: {s} s").format(s=round(status.clock_skew_s)))
    if status.problem_code:
        sentence = error_message(DomainError(status.problem_code))  # its own words, not a code
        out(_("Problem: {code}").format(code=f"{sentence} ({status.problem_code})"))


#: The link states (``sync.client_api.LinkState`` values) in the user's words.
STATE_LABELS = {
    "online": N_("online"),
    "offline": N_("offline (retrying on its own)"),
    "refused": N_("refused (someone must fix the cause)"),
    "not_registered": N_("not registered with a central system"),
    "demo": N_("demo store (never synchronised)"),
}
