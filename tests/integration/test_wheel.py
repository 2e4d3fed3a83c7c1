"""A built wheel runs: build it from a clean copy of the sources, install it in a fresh venv, and
run `demo`, `find` and a wrong usage from a folder where the sources are out of reach."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: What a fresh clone would not have, or the wheel must not take from this worktree.
NOT_SOURCES = shutil.ignore_patterns("*.egg-info", "__pycache__", ".*", "*.mo", "*.pot")
NOT_AT_TOP = {"build", "dist", "data"}  # build output and `make run`'s data folder


def _sources_only(folder: str, names: list[str]) -> set[str]:
    ignored = set(NOT_SOURCES(folder, names))
    return ignored | (NOT_AT_TOP & set(names) if Path(folder) == ROOT else set())


TIMEOUT = 300


def _run(*cmd: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(c) for c in cmd],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, f"{cmd}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    source = work / "src"
    shutil.copytree(ROOT, source, ignore=_sources_only)
    pip = (sys.executable, "-m", "pip")
    _run(*pip, "wheel", "--no-deps", "-q", "-w", work / "dist", source, cwd=work)
    (built,) = (work / "dist").glob("counter_app-*.whl")
    return built


def test_the_wheel_carries_the_resources(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "counter_app/_resources/i18n/vi/LC_MESSAGES/counter_app.mo" in names
    assert "counter_app/_resources/data/procedures-sample.json" in names
    assert not [n for n in names if n.endswith((".po", ".pot"))]


@pytest.mark.slow
def test_installed_wheel_runs_demo_and_find_in_vietnamese(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    _run(python, "-m", "pip", "install", "-q", wheel, cwd=tmp_path)
    cli = python.parent / "counter-app"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COUNTER_APP_", "PYTHON"))}
    env["COUNTER_APP_I18N_STRICT"] = "1"  # a missing catalogue fails instead of showing English
    data = tmp_path / "data"
    location = _run(python, "-c", "import counter_app; print(counter_app.__file__)", cwd=tmp_path)
    assert Path(location.strip()).is_relative_to(venv)

    demo = _run(cli, "--data-dir", data, "demo", cwd=tmp_path, env=env)
    assert demo.startswith("Đã nạp cơ quan mẫu: 35 thủ tục, 52 hồ sơ, 4 cán bộ."), demo
    found = _run(cli, "--data-dir", data, "find", "nguyen", cwd=tmp_path, env=env)
    assert found.count("000.00.06.H56-") >= 1 and "Nguyễn" in found
    missing = _run(cli, "--data-dir", data, "find", "khong-co-ai", cwd=tmp_path, env=env)
    assert missing.startswith("Không tìm thấy hồ sơ nào")

    wrong = subprocess.run(
        [str(cli), "calendar", "due"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert wrong.returncode == 2
    assert wrong.stderr.startswith("Lỗi: thiếu các tham số bắt buộc sau: --received")
