"""A private PostgreSQL cluster for tests and benchmarks: ``initdb`` into a fresh folder of
/tmp, ``pg_ctl start`` on a free port of 127.0.0.1 (socket in the same folder), trust auth for
the user ``app``; run as the user ``postgres`` when we are root (initdb refuses root).

    cluster = PgCluster.start()        # None-safe: PgCluster.available() says whether it can
    url = cluster.new_database()       # postgresql+psycopg://app@127.0.0.1:PORT/db_…
    cluster.stop()                     # stops the server and removes the folder
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from tests.central_server import free_port

USER = "app"


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class PgCluster:
    folder: Path
    port: int

    @staticmethod
    def available() -> bool:
        if _bin("initdb") is None or _bin("pg_ctl") is None:
            return False
        if os.geteuid() == 0:
            try:
                import pwd

                pwd.getpwnam("postgres")
            except KeyError:
                return False
        return True

    @classmethod
    def start(cls, *, durable: bool = False) -> PgCluster:
        """``durable=False`` (tests) turns fsync off; benchmarks keep PostgreSQL's defaults."""
        folder = Path(tempfile.mkdtemp(prefix="central-pg-"))
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        data = folder / "data"
        initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
        assert initdb is not None and pg_ctl is not None
        subprocess.run(
            _as_postgres(
                [initdb, "-D", str(data), "-U", USER, "--auth=trust", "-E", "UTF8",
                 "--locale=C.UTF-8", "--no-sync"]
            ),
            check=True, capture_output=True,
        )  # fmt: skip
        port = free_port()
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        subprocess.run(
            _as_postgres([pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "log"),
                          "-w", "start"]),
            check=True, capture_output=True,
        )  # fmt: skip
        return cls(folder, port)

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/postgres"

    def new_database(self) -> str:
        import psycopg

        name = "db_" + uuid.uuid4().hex[:12]
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user={USER} dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        pg_ctl = _bin("pg_ctl")
        assert pg_ctl is not None
        subprocess.run(
            _as_postgres([pg_ctl, "-D", str(self.folder / "data"), "-m", "immediate", "stop"]),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(self.folder, ignore_errors=True)
