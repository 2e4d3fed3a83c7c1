"""``counter-app find --json`` shows a dossier's life (real process, the demo store)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.integration.test_cli import run


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo-life")
    assert run(data_dir, "demo").returncode == 0
    return data_dir


def _bodies(demo: Path) -> list[dict[str, Any]]:
    with sqlite3.connect(demo / "counter.sqlite3") as conn:
        return [json.loads(b) for (b,) in conn.execute("SELECT body FROM dossiers")]


def _life(demo: Path, code: str) -> dict[str, Any]:
    found = run(demo, "find", code, "--json")
    assert found.returncode == 0, found.stderr
    (row,) = json.loads(found.stdout)
    assert row["code"] == code
    life: dict[str, Any] = row["life"]
    return life


def test_find_json_shows_the_representative_without_id_numbers(demo: Path) -> None:
    body = next(b for b in _bodies(demo) if b["authorisation"])
    found = run(demo, "find", body["code"], "--json")
    life = json.loads(found.stdout)[0]["life"]
    assert life["representative"]["name"] == body["submitter"]["name"]
    assert life["representative"]["authorisation"] == body["authorisation"]
    for number in (body["submitter"]["id_number"], body["applicant"]["id_number"]):
        assert number not in found.stdout
    assert life["tracking_book"] == body["tracking"] and life["slip_set"] == "tt03-2025"


def test_find_json_shows_pause_intervals_and_supplement_rounds(demo: Path) -> None:
    bodies = _bodies(demo)
    paused = next(b for b in bodies if b["pauses"] and b["pauses"][0]["ended_at"])
    life = _life(demo, paused["code"])
    (pause,) = life["pauses"]
    assert pause["started_at"] < pause["ended_at"] and pause["paused_minutes"] > 0
    twice = next(b for b in bodies if len(b["supplements"]) == 2)
    life = _life(demo, twice["code"])
    assert life["supplement_requests"] == 2 and life["counts_late_for_supplements"]
    assert [r["number"] for r in life["supplement_rounds"]] == [1, 2]


def test_demo_shows_every_new_path(demo: Path) -> None:
    bodies = _bodies(demo)

    def history(b: dict[str, Any]) -> list[int]:
        return [h["to_status"] for h in b["history"]]

    assert any(b["status"] == 3 and 2 in history(b) for b in bodies)  # refused after receipt
    assert any(b["stop_notice"] and b["stop_notice"]["on_withdrawal"] for b in bodies)
    assert any(b["refunds"] for b in bodies)
    assert any(b["apologised_at"] for b in bodies)
    assert any(f["timing"] == "after" and f["paid_at"] for b in bodies for f in b["fees"])
    returns = [b["result_return"] for b in bodies if b["result_return"]]
    assert any(r["method"] == 1 and r["postal_tracking_no"] for r in returns)
    assert any(r["method"] == 2 for r in returns)
    assert any(b["delivery"]["postage_vnd"] for b in bodies)


def test_find_json_shows_each_hand_over_with_giver_receiver_and_result(demo: Path) -> None:
    """Every hand-over of the demo names its receiver; one with a step budget was judged by it."""
    bodies = _bodies(demo)
    back = next(b for b in bodies if b["results_back"])
    life = _life(demo, back["code"])
    (first, *_rest) = life["handovers"]
    assert first["by"] == "canbo1" and first["receiver"] and first["to_agency"]
    assert first["result"] in ("early", "on_time", "late")
    (returned,) = life["results_back"]
    assert returned["giver"] and returned["by"] == "canbo1"
    assert all(t["receiver"] for b in bodies for t in b["transfers"])
    assert any(t["step_due"] for b in bodies for t in b["transfers"])
