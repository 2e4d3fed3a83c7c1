"""Screenshots of the sign-in and sync screens on a real X server, against the real reference
server: ``xvfb-run -a python -m tests.gui.sync_screenshots docs/screenshots`` (``make
screenshots``). Secrets go to a keyring file inside the temporary folder. Not part of ``make test``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "xcb")  # a real X server (xvfb-run), before Qt loads

import keyring
from PySide6.QtWidgets import QApplication, QWidget

from counter_app.composition import App, open_app, window_sync
from counter_app.services import catalogue, desk, lifecycle
from counter_app.services.maintenance import ensure_office
from sync.signin import DEMO_PASSWORD, open_sign_in
from tests.central_server import CentralServer, start_central
from tests.gui.demo_support import make_installed_demo
from tests.gui.screenshots import settle
from tests.gui.test_sync_real import _online
from tests.netproxy import NetProxy
from tests.sync.files_support import MB, attach, payload
from tests.sync.keyring_dir import ENV, DirKeyring
from tests.sync.support import join, receive
from tests.sync.test_engine_link import _spoil_first_command
from ui.app import build_window, make_application, make_shell
from ui.sign_in_dialog import member_for
from ui.sync_seam import SyncSeams


def shoot(widget: QWidget, path: Path) -> None:
    widget.grab().save(str(path))
    print(path)


def sign_in_screens(qt: QApplication, root: Path, out: Path) -> None:
    """The sign-in dialog with a wrong password said next to the field, then the idle lock."""
    data = make_installed_demo(root / "demo")
    app = open_app(data)
    try:
        signin = open_sign_in(app.services)
        shell = make_shell(app, None, None, SyncSeams(sign_in=signin))
        shell.start()
        dialog = shell.dialog
        assert dialog is not None
        dialog.form.username.setText("canbo1")
        dialog.form.password.setText("sai-mat-khau")
        dialog.form.submit()
        settle(qt, 1500)
        shoot(dialog, out / "sign-in.png")
        dialog.form.password.setText(DEMO_PASSWORD)
        dialog.form.submit()
        settle(qt, 2500)
        window = shell.window
        assert window is not None and shell.idle_lock is not None
        window.resize(1280, 760)
        shell.idle_lock.lock()
        settle(qt, 800)
        shoot(window, out / "idle-lock.png")
        shell.dispose()
        settle(qt, 300)
    finally:
        app.close()


def registered_office(root: Path, server: CentralServer, proxy: NetProxy) -> App:
    data = root / "office"
    app = open_app(data, create=True)
    ensure_office(app.services, "Bộ phận Một cửa huyện mẫu", device_slot=1, device_name="QUAY-01")
    catalogue.import_catalogue(app.store, catalogue.sample_catalogue())
    join(app, server, proxy.url)
    return app


def sync_screens(qt: QApplication, root: Path, out: Path) -> None:
    """The status bar, the refused changes, the online dossiers and a scan being sent."""
    with start_central(root / "central") as server, NetProxy("127.0.0.1", server.port) as proxy:
        app = registered_office(root, server, proxy)
        wiring = window_sync(app)
        try:
            bad, *_rest = receive(app, 4)
            lifecycle.transfer(
                app.services, bad, "Phòng Tư pháp", "canbo1", receiver="Nguyễn Văn Nam"
            )
            _spoil_first_command(app, bad)
            now = datetime.now(UTC)
            _online(server, now - timedelta(hours=2), "Trần Thị Bình")
            _online(server, now - timedelta(days=10), "Lê Văn Muộn")
            session = wiring.sign_in.sign_in(server.officer.username, server.officer.password)
            member = member_for(session, desk.staff_members(app.store), app.services.agency_code)
            seams = SyncSeams(wiring.service, None, wiring.sign_in, None)
            window = build_window(app, member, seams=seams, online=True)
            window.resize(1280, 760)
            window.show()
            bar = window.sync_bar
            assert bar is not None
            settle(qt, 1000)
            bar.sync_now()
            settle(qt, 4000)
            receive(app, 2, start=20)  # two more waiting to be sent
            bar.refresh()
            settle(qt, 1000)
            shoot(window, out / "sync-status.png")
            parked = bar.open_parked()
            settle(qt, 1000)
            shoot(parked, out / "sync-parked.png")
            parked.close()
            online = bar.open_online()
            settle(qt, 1000)
            shoot(online, out / "sync-online-waiting.png")
            online.close()
            attach(app, payload(12 * MB, seed=5))
            uploads = bar.open_uploads()
            proxy.rate_bps = 1_500_000
            bar.sync_now()
            settle(qt, 3500)
            shoot(uploads, out / "sync-uploads.png")
            proxy.rate_bps = None
            settle(qt, 6000)
            uploads.close()
            window.close()
        finally:
            wiring.close()
            app.close()


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="counter-sync-shots-"))
    os.environ[ENV] = str(root / "keyring")
    keyring.set_keyring(DirKeyring())
    try:
        qt = make_application()
        sign_in_screens(qt, root, out)
        sync_screens(qt, root, out)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")))
