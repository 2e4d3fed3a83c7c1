"""A counter PC's files lane in its own process (killed by the restart test):
``python -m tests.sync.files_child DATA_DIR LINK_URL DEVICE_ID`` with the device's secret in the
environment variable ``DEVICE_SECRET`` (never on the command line)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import httpx

from counter_app.composition import open_app
from sync.files_lane import FilesLane
from tests.sync.files_support import DeviceCredentials


def main(data_dir: str, link_url: str, device_id: str) -> int:
    app = open_app(Path(data_dir))
    credentials = DeviceCredentials(link_url, device_id, os.environ["DEVICE_SECRET"])
    try:
        with httpx.Client(timeout=10) as client:
            done = FilesLane(app.services, client, link_url, credentials).run()
    finally:
        app.close()
    print(done)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
