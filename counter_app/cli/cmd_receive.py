"""``counter-app receive --from FILE.json``: receive one dossier through the intake service.

The file (UTF-8 JSON, at most 1 MB) holds ``procedure_code``, ``applicant`` (``kind`` 1–4,
``name``, optional ``id_number``, ``phone``, ``address``, ``email``…), optional ``items``
(``requirement_code``, ``name``, ``form``, ``quantity``), ``channel`` (1 direct, 3 postal) and
``sets_count``. It prints the dossier code. With ``--online CODE`` it accepts the online dossier
waiting under the code the central system gave it (``counter-app sync --status`` counts them).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from counter_app import composition
from counter_app.cli.commands import OK, out
from counter_app.domain.codec import decode
from counter_app.domain.dossier import Party, ReceivedItem
from counter_app.domain.enums import Channel
from counter_app.domain.errors import ValidationError
from counter_app.services import intake

MAX_BYTES = 1_000_000


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ValidationError("invalid_intake_file", field="from", path=str(path)) from exc
    if len(raw) > MAX_BYTES:
        raise ValidationError("invalid_intake_file", field="from", path=str(path))
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ValidationError("invalid_intake_file", field="from", path=str(path)) from exc
    if not isinstance(data, dict):
        raise ValidationError("invalid_intake_file", field="from", path=str(path))
    return data


def request_from(data: dict[str, Any], path: Path) -> intake.IntakeRequest:
    try:
        code, applicant = data["procedure_code"], data["applicant"]
        items = data.get("items", [])
        if not isinstance(code, str) or not isinstance(applicant, dict):
            raise TypeError("shape")
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise TypeError("shape")
        return intake.IntakeRequest(
            procedure_code=code,
            applicant=decode(Party, applicant),
            channel=Channel(data.get("channel", 1)),
            items=[decode(ReceivedItem, item) for item in items],
            sets_count=data.get("sets_count", 1),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValidationError("invalid_intake_file", field="from", path=str(path)) from exc


def cmd_receive(data_dir: Path, args: argparse.Namespace) -> int:
    request = request_from(_read(args.source), args.source)
    app = composition.open_app(data_dir)
    try:
        if args.online:  # an online dossier the centre numbered: accepted under its code
            dossier = intake.receive_online(app.services, request, args.online, args.by)
        else:
            dossier = intake.receive(
                app.services, request, args.by, confirm_clock=args.confirm_clock
            )
    finally:
        app.close()
    out(dossier.code)
    return OK
