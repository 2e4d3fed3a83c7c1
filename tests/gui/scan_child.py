"""Child process for the interrupted-scan test: opens a scan batch for a dossier through the
real scanning adapter, imports the given files page by page, and kills itself with SIGKILL once
two pages are kept (no chance to save or tidy anything on the way out)."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from counter_app.composition import open_app
from counter_app.ports import Progress
from counter_app.scan_adapter import Preview, ScanAdapter


def main() -> int:
    data_dir, code, files = Path(sys.argv[1]), sys.argv[2], [Path(p) for p in sys.argv[3:]]
    app = open_app(data_dir)
    adapter = ScanAdapter(app.services, data_dir)
    adapter.start(code)

    def on_page(preview: Preview) -> None:
        print(f"PAGE {preview.key}", flush=True)
        if preview.key == 2:
            os.kill(os.getpid(), signal.SIGKILL)

    adapter.import_files(code, files, 100, Progress(), on_page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
