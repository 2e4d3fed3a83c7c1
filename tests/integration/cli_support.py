"""Running the real `counter-app` for the code-route and backup tests, and reading its verdicts."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from counter_app.i18n import _, set_language
from counter_app.messages import MESSAGES
from counter_app.store.unit_of_work import store_path

TIMEOUT = 180
AGENCY = "000.00.06.H56"
SUPERVISOR = "truongbp"  # the demo office's supervisor
APPLICANT = {"kind": 1, "name": "Nguyễn Văn An", "id_number": "001090123456"}


def run(data_dir: Path, *args: str, prefix: Sequence[str] = ()) -> subprocess.CompletedProcess[str]:
    """The CLI in a process of its own (``prefix``: e.g. ``faketime -f +365d``)."""
    env = {**os.environ, "COUNTER_APP_DATA": str(data_dir)}
    env.pop("COUNTER_APP_LANG", None)
    result = subprocess.run(
        [*prefix, sys.executable, "-m", "counter_app", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
        check=False,
    )
    assert "Traceback" not in result.stderr + result.stdout
    return result


def says(result: subprocess.CompletedProcess[str], code: str) -> bool:
    """The output carries the Vietnamese message of ``code`` (its longest fixed stretch)."""
    set_language("vi")
    pieces = re.split(r"\{[^}]*\}", _(MESSAGES[code]))
    fixed = max(pieces, key=len)
    assert len(fixed) > 10, code
    return fixed in result.stderr + result.stdout


def intake_file(folder: Path, procedure: str = "1.001193") -> Path:
    path = folder / "dossier.json"
    path.write_text(
        json.dumps({"procedure_code": procedure, "applicant": APPLICANT}, ensure_ascii=False),
        encoding="utf-8",
    )
    return path


def receive(data_dir: Path, *extra: str, prefix: Sequence[str] = ()) -> str:
    result = run(
        data_dir, "receive", "--from", str(intake_file(data_dir.parent)), *extra, prefix=prefix
    )
    assert result.returncode == 0, result.stderr
    code = result.stdout.strip()
    assert code.startswith(AGENCY), code
    return code


def stored_codes(data_dir: Path) -> list[str]:
    with sqlite3.connect(store_path(data_dir)) as conn:
        return [r[0] for r in conn.execute("SELECT code FROM dossiers")]


def demo_copy(template: Path, target: Path) -> Path:
    """A copy of a demo data folder (the store, its settings and its code mark)."""
    shutil.copytree(template, target, ignore=shutil.ignore_patterns("logs"))
    return target
