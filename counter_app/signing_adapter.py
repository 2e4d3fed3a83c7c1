"""The officer's digital signature as the window and the scan adapter see it (``ui.signing``'s
``Signing`` seam), made only by the composition root.

Per staff member on this computer: their settings (:mod:`counter_app.services.signing_setup`),
and, once they typed their passphrase or PIN, their signer kept in memory for the rest of the
session (a token's session stays open; the PIN itself is not kept). Nothing secret is written to
disk; a PKCS#12 passphrase may be remembered in the OS keyring when the officer asks.

What happens when signing is configured and fails (decided here, see docs/design-scanning.md):
the save stops *before* anything is attached, with a typed error; the pages stay in the scan
dialog (and in the scan session on disk). The dialog asks again for the passphrase/PIN, or the
officer chooses "Save without signature" explicitly (``save_item(…, sign=False)``). A file is
never attached unsigned behind the officer's back, and nothing scanned is lost either way.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from counter_app.domain.errors import DomainError, ValidationError
from counter_app.services.signing_setup import KeyringPassphrases, SigningConfig, SigningConfigStore

if TYPE_CHECKING:  # pyHanko is loaded at the first signature or check, not at start-up
    from scanning.officer_signer import OfficerSigner

log = logging.getLogger(__name__)

#: Codes after which the kept signer (or remembered passphrase) is dropped and asked for again.
ASK_AGAIN = frozenset(
    {
        "signing_wrong_passphrase",
        "signing_wrong_pin",
        "signing_failed",
        "signing_token_missing",
        "signing_not_verified",
    }
)


@dataclass(frozen=True)
class FileSignature:
    """Structurally a ``ui.signing.FileSignatureView``: the signature state of a stored file.
    ``state``: ``valid`` (intact, over the whole file), ``broken`` (changed after signing),
    ``unsigned``, ``missing`` (the file is not in the data folder)."""

    path: str
    state: str
    signer: str = ""
    signed_at: datetime | None = None
    trusted: bool = False


class OfficerSigning:
    def __init__(
        self,
        data_dir: Path,
        full_name: Callable[[str], str],
        passphrases: KeyringPassphrases | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.configs = SigningConfigStore(data_dir)
        self.passphrases = passphrases or KeyringPassphrases()
        self._full_name = full_name
        self._signers: dict[str, OfficerSigner] = {}
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ settings

    def config(self, username: str) -> SigningConfig:
        return self.configs.load(username)

    def save_config(self, username: str, config: SigningConfig) -> None:
        """Keep the officer's settings; the signer held so far is closed (asked again), and a
        remembered passphrase is forgotten unless the new settings still ask to remember it."""
        self.configs.save(username, config)
        self.forget(username)
        if config.mode != "pkcs12" or not config.remember_passphrase:
            self.passphrases.delete(username)

    # ------------------------------------------------------------------ the secret

    def needs_secret(self, username: str) -> str | None:
        """``passphrase`` or ``pin`` when the officer must type it before saving; None when
        signing is off or their signer is ready (kept, or unlocked by a remembered passphrase).
        Blocking (keyring, token): call it off the GUI thread."""
        config = self.config(username)
        if config.secret_kind is None:
            return None
        with self._lock:
            if username in self._signers:
                return None
        if config.mode == "pkcs12" and config.remember_passphrase:
            remembered = self.passphrases.get(username)
            if remembered:
                try:
                    self.unlock(username, remembered)
                    return None
                except DomainError as err:
                    if err.code == "signing_wrong_passphrase":
                        self.passphrases.delete(username)  # changed since: ask again
                    else:
                        raise
        return config.secret_kind

    def unlock(self, username: str, secret: str, remember: bool = False) -> str:
        """Build the officer's signer with ``secret`` and keep it for the session; the subject
        of the certificate. ``remember`` (PKCS#12 only) stores the passphrase in the keyring."""
        from scanning import officer_signer

        config = self.config(username).checked()
        signer = officer_signer.build(config, secret, self._full_name(username))
        with self._lock:
            old = self._signers.pop(username, None)
            self._signers[username] = signer
        if old is not None:
            old.close()
        if remember and config.mode == "pkcs12":
            self.passphrases.set(username, secret)
            if not config.remember_passphrase:
                self.configs.save(username, replace(config, remember_passphrase=True))
        return officer_signer.signer_name(signer)

    def test(self, username: str, config: SigningConfig, secret: str) -> str:
        """Sign a probe PDF with these (unsaved) settings and verify it; the subject."""
        from scanning import officer_signer

        signer = officer_signer.build(config.checked(), secret, self._full_name(username))
        try:
            return officer_signer.probe(signer)
        finally:
            signer.close()

    def forget(self, username: str) -> None:
        with self._lock:
            signer = self._signers.pop(username, None)
        if signer is not None:
            signer.close()

    def close(self) -> None:
        for username in list(self._signers):
            self.forget(username)

    # ------------------------------------------------------------------ for the scan adapter

    def signer_for(self, username: str) -> OfficerSigner | None:
        """The officer's signer for a save: None when signing is off; the kept one; else
        ``signing_secret_needed`` (the dialog asks, or the officer saves unsigned)."""
        config = self.config(username)
        if config.secret_kind is None:
            return None
        with self._lock:
            signer = self._signers.get(username)
        if signer is None and self.needs_secret(username) is None:
            with self._lock:
                signer = self._signers.get(username)
        if signer is None:
            raise ValidationError("signing_secret_needed")
        return signer

    def failed(self, username: str, err: DomainError) -> None:
        """A save's signature failed: drop what must be asked again."""
        if err.code in ASK_AGAIN:
            self.forget(username)

    # ------------------------------------------------------------------ on open

    def check_files(self, paths: list[str]) -> list[FileSignature]:
        """The signature state of each stored file (``scans/ab/….pdf``, relative to the data
        folder). Blocking: the read lane."""
        return [self.check_file(path) for path in paths]

    def check_file(self, path: str) -> FileSignature:
        from scanning.signing import verify_pdf

        try:
            data = (self.data_dir / path).read_bytes()
        except OSError:
            return FileSignature(path, "missing")
        try:
            checks = verify_pdf(data)
        except DomainError:
            return FileSignature(path, "broken")
        if not checks:
            return FileSignature(path, "unsigned")
        last = checks[-1]
        state = "valid" if all(c.ok for c in checks) else "broken"
        return FileSignature(path, state, last.signer, last.signed_at, last.trusted)
