"""``counter-app central``: seeding from the command line (exit codes, messages)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from sync.central import db

ROOT = Path(__file__).resolve().parents[2]


def _cli(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "counter_app", "--data-dir", str(tmp / "cli"), "central", *args],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"LANG": "vi_VN.UTF-8", "LANGUAGE": "vi", "PATH": "/usr/bin:/bin"},
    )


def test_seed_demo_then_a_seed_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    done = _cli(tmp_path, "--db", url, "--seed-demo")
    assert done.returncode == 0, done.stderr
    assert "35" in done.stdout
    seed = tmp_path / "seed.json"
    seed.write_text(
        json.dumps(
            {
                "agencies": [{"id": "000.00.01.H22", "name": "UBND xã Đông Tiến"}],
                "staff": [
                    {
                        "username": "canbo9",
                        "password": "mk",
                        "full_name": "Vũ Thị Mai",
                        "roles": ["counter_officer"],
                        "agency_id": "000.00.01.H22",
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    assert _cli(tmp_path, "--db", url, "--seed", str(seed)).returncode == 0
    engine = db.make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(db.agencies)).scalar_one() == 2
        hashes = list(conn.execute(select(db.staff.c.password_hash)).scalars())
    engine.dispose()
    assert all(h.startswith("scrypt$") for h in hashes) and "mk" not in hashes


def test_a_bad_seed_file_is_wrong_input(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    for text in ("[1, 2]", "{not json", '{"agencies": [{"name": "no id"}]}'):
        seed = tmp_path / "seed.json"
        seed.write_text(text, encoding="utf-8")
        done = _cli(tmp_path, "--db", url, "--seed", str(seed))
        assert done.returncode == 2, done.stderr
        assert "tệp dữ liệu khởi tạo" in done.stderr
        assert "Traceback" not in done.stderr
