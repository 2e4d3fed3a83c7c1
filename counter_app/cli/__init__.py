"""``counter-app``: the command line. Bad input and damaged stores give a clear message in the
user's language and a non-zero exit, never a traceback (that goes, redacted, to the log).

Exit codes, chosen by the error's type (never by the text of its code):

* 0 — done (also when the reader of our output went away, e.g. ``counter-app doctor | head -1``);
* 1 — failed: a conflict with what is stored, a busy or damaged store, the machine in the way;
* 2 — wrong input: ``ValidationError`` and ``NotFoundError`` (a bad value, an unknown dossier
  number, a missing ``--calendar`` file, bad settings) and argparse's own errors;
* 130 — cancelled or interrupted (Ctrl-C), as shells report SIGINT;
* 70 — an unexpected failure (a bug): the details are in the log.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from counter_app import composition
from counter_app.cli import (
    cmd_calendar,
    cmd_central,
    cmd_codes,
    cmd_print,
    cmd_receive,
    cmd_scan,
    cmd_sync,
    commands,
)
from counter_app.cli.parser import build_parser
from counter_app.domain.errors import (
    Cancelled,
    DomainError,
    EnvironmentProblem,
    NotFoundError,
    ValidationError,
)
from counter_app.i18n import _, error_message
from counter_app.logs import log_unavailable
from counter_app.private_files import restrict_new_files
from counter_app.settings import default_settings
from counter_app.store.sqlite_errors import typed_os_error

log = logging.getLogger("counter_app.cli")

Handler = Callable[[Path, argparse.Namespace], int]
EXIT_OK, EXIT_FAILED, EXIT_WRONG_INPUT, EXIT_CANCELLED, EXIT_UNEXPECTED = 0, 1, 2, 130, 70

_HANDLERS: dict[tuple[str | None, str | None], Handler] = {
    (None, None): commands.cmd_gui,
    ("init", None): commands.cmd_init,
    ("demo", None): commands.cmd_demo,
    ("find", None): commands.cmd_find,
    ("calendar", "due"): commands.cmd_calendar_due,
    ("calendar", "check"): cmd_calendar.cmd_calendar_check,
    ("audit", "verify"): commands.cmd_audit_verify,
    ("backup", None): commands.cmd_backup,
    ("doctor", None): commands.cmd_doctor,
    ("print", None): cmd_print.cmd_print,
    ("slips", None): cmd_print.cmd_slips,
    ("receive", None): cmd_receive.cmd_receive,
    ("restore", None): cmd_codes.cmd_restore,
    ("device", "move-slot"): cmd_codes.cmd_move_slot,
    ("scan", None): cmd_scan.cmd_scan,
    ("central", None): cmd_central.cmd_central,
    ("register", None): cmd_sync.cmd_register,
    ("sync", None): cmd_sync.cmd_sync,
}


def _handler(args: argparse.Namespace) -> Handler:
    sub = (
        getattr(args, "calendar_command", None)
        or getattr(args, "audit_command", None)
        or getattr(args, "device_command", None)
    )
    return _HANDLERS[(args.command, sub)]


def exit_code(err: DomainError) -> int:
    """The exit status for ``err``, by its type."""
    if isinstance(err, Cancelled):
        return EXIT_CANCELLED
    if isinstance(err, ValidationError | NotFoundError):
        return EXIT_WRONG_INPUT
    return EXIT_FAILED


def main(argv: Sequence[str] | None = None) -> int:
    restrict_new_files()  # the store, logs and backups this run writes: owner only
    arguments = list(sys.argv[1:] if argv is None else argv)
    _ensure_streams()
    data_dir = _data_dir_of(arguments)
    _start_logging(data_dir)
    try:
        status = _run(arguments, data_dir)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (``| head -1``): stop quietly, like grep
        _silence_stdout()
        return EXIT_OK
    except OSError as exc:  # the output itself cannot be written (``> /dev/full``)
        _silence_stdout()
        problem = EnvironmentProblem("output_unwritable", detail=exc.strerror or str(exc))
        sys.stderr.write(_("Error: {message}").format(message=error_message(problem)) + "\n")
        return exit_code(problem)
    return status


def _ensure_streams() -> None:
    """A closed stdout or stderr (``>&-``) is like a reader that went away: output is dropped."""
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives until exit
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


def _run(arguments: list[str], data_dir: Path) -> int:
    command: str | None = None
    try:
        _refuse_undecodable(arguments)
        args = build_parser().parse_args(arguments)
        command = args.command
        if args.data_dir is not None and args.data_dir.expanduser() != data_dir:
            data_dir = args.data_dir.expanduser()  # an abbreviated --data-dir: log there too
            composition.start_logging(data_dir, default_settings())
        return _handler(args)(data_dir, args)
    except SystemExit as exc:  # argparse: --help (0) or wrong arguments (2)
        log.info("argument parsing ended with status %s", exc.code)
        return exc.code if isinstance(exc.code, int) else EXIT_WRONG_INPUT
    except DomainError as err:
        log.info("command %s refused: %s (%s)", command, err.code, type(err).__name__)
        sys.stderr.write(_("Error: {message}").format(message=error_message(err)) + "\n")
        return exit_code(err)
    except KeyboardInterrupt:
        sys.stderr.write(_("Interrupted.") + "\n")
        return EXIT_CANCELLED
    except BrokenPipeError:
        raise
    except OSError as exc:  # the machine in the way outside SQLite (settings, logs, lock files)
        problem = typed_os_error(exc, data_dir)
        log.info("command %s stopped by the environment: %s (%s)", command, problem.code, exc)
        sys.stderr.write(_("Error: {message}").format(message=error_message(problem)) + "\n")
        return exit_code(problem)
    except Exception:
        log.exception("unexpected failure in command %s", command)
        sys.stderr.write(
            _(
                "Unexpected error; the details are in the log in {path}. Run “counter-app "
                "doctor”, and contact technical support if it happens again."
            ).format(path=data_dir / "logs")
            + "\n"
        )
        return EXIT_UNEXPECTED


def _data_dir_of(arguments: list[str]) -> Path:
    """``--data-dir`` as given (before the full parse, so logging starts first), else the
    default; the full parse checks it again."""
    for i, arg in enumerate(arguments):
        if arg == "--data-dir" and i + 1 < len(arguments):
            return Path(arguments[i + 1]).expanduser()
        if arg.startswith("--data-dir="):
            return Path(arg.partition("=")[2]).expanduser()
        if arg == "--":
            break
    return composition.default_data_dir().expanduser()


def _start_logging(data_dir: Path) -> None:
    """Logging before anything else runs; without a usable log file, warn once and go on."""
    composition.start_logging(data_dir, default_settings())
    problem = log_unavailable()
    if problem is not None:
        sys.stderr.write(
            _("Warning: the log file cannot be written ({detail}); continuing without it.").format(
                detail=problem
            )
            + "\n"
        )


def _refuse_undecodable(arguments: list[str]) -> None:
    """Arguments that are not valid UTF-8 arrive with surrogate escapes: wrong input."""
    for arg in arguments:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            raise ValidationError("invalid_argument_encoding") from None


def _silence_stdout() -> None:
    """Point stdout at the null device so that Python's final flush does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
