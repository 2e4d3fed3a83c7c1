"""Running the real ``counter-app`` for the error tests, and the exact texts it must print."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from counter_app.domain.errors import DomainError
from counter_app.i18n import _, error_message, set_language

TIMEOUT = 180
#: Root in CI ignores file modes; without these two capabilities it obeys them (setpriv).
NO_DAC = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def cli(
    data_dir: Path,
    *args: str | bytes,
    prefix: Sequence[str] = (),
    timeout: float = TIMEOUT,
) -> subprocess.CompletedProcess[str]:
    """``counter-app --data-dir DATA ARGS`` in a real process; never a traceback."""
    env = {**os.environ, "COUNTER_APP_DATA": str(data_dir)}
    env.pop("COUNTER_APP_LANG", None)
    result = subprocess.run(
        [*prefix, sys.executable, "-m", "counter_app", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
        env=env,
        check=False,
    )
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    return result


def shell(command: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, timeout=timeout, check=False
    )


def expected_error(err: DomainError) -> str:
    """The exact line the CLI prints on stderr for ``err`` (Vietnamese, the default)."""
    set_language("vi")
    return _("Error: {message}").format(message=error_message(err)) + "\n"


def message(err: DomainError) -> str:
    set_language("vi")
    return error_message(err)


def can_drop_dac() -> bool:
    """True when setpriv can take root's power to ignore file modes away (root, setpriv)."""
    if shutil.which("setpriv") is None or os.geteuid() != 0:
        return False
    probe = subprocess.run([*NO_DAC, "true"], capture_output=True, check=False)
    return probe.returncode == 0


def can_mount() -> bool:
    """True when a private mount namespace with a tmpfs can be made here."""
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0
