"""Where the central password goes: never into the settings file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from onestop import config
from onestop.storage import credentials


def test_password_goes_to_a_private_file_without_a_keyring(home: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(credentials, "keyring_usable", lambda: False)
    u = credentials.normalise("postgresql://sgd_k1:bí-mật%25@db.sgd.lamdong.gov.vn:5432/onestop"
                              "?sslmode=verify-full")
    stored = credentials.save_settings(u)
    assert stored is not None and stored.where == "file" and stored.path is not None
    assert stat.S_IMODE(stored.path.stat().st_mode) == 0o600
    text = config.paths().settings_file.read_text(encoding="utf-8")
    assert "bí-mật" not in text and "sgd_k1@db.sgd.lamdong.gov.vn" in text
    back = credentials.configured_url()
    assert back is not None and back.password == "bí-mật%"
    assert back.query["sslmode"] == "verify-full"


def test_keyring_is_used_when_a_backend_exists(home: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.items: dict[tuple[str, str], str] = {}

        def set_password(self, service: str, username: str, password: str) -> None:
            self.items[(service, username)] = password

        def get_password(self, service: str, username: str) -> str | None:
            return self.items.get((service, username))

        def delete_password(self, service: str, username: str) -> None:
            self.items.pop((service, username), None)

    memory = Memory()
    previous = keyring.get_keyring()
    keyring.set_keyring(memory)
    try:
        u = credentials.normalise("postgresql://sgd_k2:pw2@central/onestop")
        stored = credentials.save_settings(u)
        assert stored is not None and stored.where == "keyring"
        assert memory.items == {(credentials.SERVICE, "sgd_k2@central:5432/onestop"): "pw2"}
        assert not (config.paths().config_dir / credentials.SECRETS_FILE).exists()
        assert config.load()["central.password_in_keyring"] is True
        assert credentials.configured_url().password == "pw2"  # type: ignore[union-attr]
    finally:
        keyring.set_keyring(previous)


def test_only_postgresql_is_a_central_server() -> None:
    with pytest.raises(credentials.BadUrl):
        credentials.normalise("sqlite:///x.db")
