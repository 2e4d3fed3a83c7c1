"""What the window needs of the officer's digital signature, handed over by the composition
root with the scan adapter (``Scanner.signing``: ``counter_app.signing_adapter.OfficerSigning``).
Every method but ``config`` may block (keyring, USB token, reading files): the window calls them
on the read lane, never on the GUI thread."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from counter_app.services.signing_setup import SigningConfig


class FileSignatureView(Protocol):
    """A stored file's signature: ``state`` is ``valid``, ``broken``, ``unsigned`` or
    ``missing``; who signed and when (Vietnam time is shown)."""

    @property
    def path(self) -> str: ...

    @property
    def state(self) -> str: ...

    @property
    def signer(self) -> str: ...

    @property
    def signed_at(self) -> datetime | None: ...


class Signing(Protocol):
    def config(self, username: str) -> SigningConfig: ...

    def save_config(self, username: str, config: SigningConfig) -> None: ...

    def needs_secret(self, username: str) -> str | None:
        """``passphrase`` or ``pin`` to ask before saving; None when nothing is to be asked."""
        ...

    def unlock(self, username: str, secret: str, remember: bool = False) -> str: ...

    def test(self, username: str, config: SigningConfig, secret: str) -> str: ...

    def check_files(self, paths: list[str]) -> Sequence[FileSignatureView]: ...
