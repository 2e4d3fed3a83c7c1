"""``restore`` and ``device move-slot``: the store's file and this PC's slot."""

from __future__ import annotations

import argparse
from pathlib import Path

from counter_app import composition
from counter_app.cli.commands import OK, out
from counter_app.i18n import _
from counter_app.ports import Progress
from counter_app.services import device_slots, restore


def cmd_restore(data_dir: Path, args: argparse.Namespace) -> int:
    """Works on a damaged store too (that is when it is needed): the store is not opened."""
    settings = composition.load_office_settings(data_dir)
    composition.start_logging(data_dir, settings)
    result = restore.restore(data_dir, args.source, settings.office.agency_code, Progress())
    out(
        _("Backup restored: {dossiers} dossiers, audit chain intact ({entries} entries).").format(
            dossiers=result.dossiers, entries=result.audit_entries
        )
    )
    if result.replaced_aside is not None:
        out(_("The replaced store is kept as {path}.").format(path=result.replaced_aside))
    out(
        _(
            "Before receiving dossiers, a supervisor must move this PC to a fresh slot: "
            "counter-app device move-slot --slot K --reason TEXT --by USER"
        )
    )
    return OK


def cmd_move_slot(data_dir: Path, args: argparse.Namespace) -> int:
    app = composition.open_app(data_dir)
    try:
        move = device_slots.move_slot(app.services, args.slot, args.reason, args.by)
    finally:
        app.close()
    out(
        _(
            "This PC now issues codes {first:04d}–{last:04d} (was {old_first:04d}–{old_last:04d})."
        ).format(
            first=move.new.first,
            last=move.new.last,
            old_first=move.old.first,
            old_last=move.old.last,
        )
    )
    return OK
