"""A demo store exactly as ``counter-app demo`` makes it (recorded as a demo store, so its staff
sign in with the documented demo password), made once per session and copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app.composition import App, load_office_settings, make_context, open_app
from counter_app.services.demo_install import install_demo


def make_installed_demo(root: Path) -> Path:
    """``root`` with the demo office installed as ``counter-app demo`` does it."""
    settings = load_office_settings(root, create=True)
    install_demo(root, lambda store: make_context(store, settings, root), "Bộ phận Một cửa mẫu")
    shutil.rmtree(root / "logs", ignore_errors=True)
    return root


@pytest.fixture(scope="session")
def installed_demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_installed_demo(tmp_path_factory.mktemp("installed-demo"))


@pytest.fixture
def demo_store_app(installed_demo_template: Path, tmp_path: Path) -> Iterator[App]:
    target = tmp_path / "demo-data"
    shutil.copytree(installed_demo_template, target)
    application = open_app(target)
    try:
        assert application.store.is_demo()
        yield application
    finally:
        application.close()
