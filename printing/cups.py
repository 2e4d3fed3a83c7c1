"""Printing through CUPS with the ``lp`` / ``lpstat`` commands.

Why the commands rather than pycups: pycups has no wheels (it compiles against libcups-dev), while
``lp`` ships with every CUPS install (and with the ``cups-client`` package alone), speaks to a
remote CUPS server through the same configuration, and its output is stable and documented. The
queue's state is checked first (``lpstat -p`` / ``-a``) so an offline or rejecting printer gives a
typed error before anything is sent; ``lp`` then returns the job id ("request id is PDF-12").
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
from collections.abc import Sequence

import pikepdf

from counter_app.domain.errors import EnvironmentProblem, NotFoundError, ValidationError

_JOB_RE = re.compile(r"request id is (\S+)")
_TIMEOUT = 30
_MM = 72 / 25.4


def _run(args: Sequence[str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            list(args),
            capture_output=True,
            text=True,
            timeout=_TIMEOUT,
            check=False,
            env={"LANG": "C", "LC_ALL": "C", "PATH": "/usr/bin:/bin:/usr/sbin:/sbin"},
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EnvironmentProblem("print_system_unavailable", detail=str(exc)) from exc


def media_for(pdf: bytes) -> str:
    """The CUPS media name of the first page: A5, A4 (either orientation) or a custom roll."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        box = [float(v) for v in doc.pages[0].mediabox]
    w, h = sorted((round((box[2] - box[0]) / _MM), round((box[3] - box[1]) / _MM)))
    named = {(148, 210): "A5", (210, 297): "A4"}
    return named.get((w, h), f"Custom.{w}x{h}mm")


class CupsPrinter:
    """The :class:`counter_app.ports.Printer` port over CUPS."""

    def __init__(self, lp: str = "lp", lpstat: str = "lpstat") -> None:
        self.lp, self.lpstat = lp, lpstat

    def _require_tools(self) -> None:
        if shutil.which(self.lp) is None or shutil.which(self.lpstat) is None:
            raise EnvironmentProblem("print_system_unavailable", detail="lp/lpstat not found")

    def queues(self) -> list[str]:
        self._require_tools()
        result = _run([self.lpstat, "-p"])
        return re.findall(r"^printer (\S+)", result.stdout, re.MULTILINE)

    def default_queue(self) -> str:
        result = _run([self.lpstat, "-d"])
        match = re.search(r"system default destination: (\S+)", result.stdout)
        if not match:
            raise ValidationError("no_default_printer", field="printer")
        return match.group(1)

    def check(self, queue: str) -> None:
        """Raise a typed error unless ``queue`` exists, is enabled and accepts jobs."""
        self._require_tools()
        state = _run([self.lpstat, "-p", queue])
        text = state.stdout + state.stderr
        if "scheduler is not running" in text or "Bad file descriptor" in text:
            raise EnvironmentProblem("print_system_unavailable", detail=text.strip())
        if state.returncode != 0 or f"printer {queue} " not in state.stdout:
            raise NotFoundError("printer_not_found", field="printer", printer=queue)
        if "disabled" in state.stdout:
            raise EnvironmentProblem("printer_offline", printer=queue)
        accepting = _run([self.lpstat, "-a", queue])
        if "not accepting" in accepting.stdout or accepting.returncode != 0:
            raise EnvironmentProblem("printer_rejecting", printer=queue)

    def print_pdf(self, pdf: bytes, queue: str, copies: int = 1) -> str:
        """Submit ``pdf`` with its page size as media; returns the job id."""
        if not 1 <= copies <= 99:
            raise ValidationError("invalid_copies", field="copies", value=copies)
        self._require_tools()
        queue = queue or self.default_queue()
        self.check(queue)
        args = [
            self.lp,
            "-d",
            queue,
            "-n",
            str(copies),
            "-o",
            f"media={media_for(pdf)}",
            "-o",
            "fit-to-page",
            "-t",
            f"counter-app-{hashlib.sha256(pdf).hexdigest()[:12]}",
            "-",
        ]
        try:
            result = subprocess.run(
                args,
                input=pdf,
                capture_output=True,
                timeout=_TIMEOUT,
                check=False,
                env={"LANG": "C", "LC_ALL": "C", "PATH": "/usr/bin:/bin:/usr/sbin:/sbin"},
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise EnvironmentProblem("print_system_unavailable", detail=str(exc)) from exc
        out = result.stdout.decode(errors="replace") + result.stderr.decode(errors="replace")
        match = _JOB_RE.search(out)
        if result.returncode != 0 or not match:
            if "not accepting" in out:
                raise EnvironmentProblem("printer_rejecting", printer=queue)
            raise EnvironmentProblem("print_job_failed", printer=queue, detail=out.strip()[:200])
        return match.group(1)
