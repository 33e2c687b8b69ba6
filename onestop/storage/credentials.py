"""The central server's address and this counter's password, kept out of the settings file.

The settings file holds the URL *without* the password (``central.url``). The password goes to
the OS keyring through ``keyring`` (Windows Credential Manager, macOS Keychain, Secret Service)
when a real backend exists; otherwise to ``central-secrets.json`` beside the settings, created
with mode 0600 (readable by this user only), and the caller warns the user.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from onestop import config

SERVICE = "OneStopDesk"
SECRETS_FILE = "central-secrets.json"


class BadUrl(ValueError):
    """Not a PostgreSQL URL."""


def normalise(url: str) -> URL:
    """Parse ``url`` and make it use psycopg 3 (``postgresql://`` → ``postgresql+psycopg://``).

    Raises:
        BadUrl: not a PostgreSQL URL.
    """
    try:
        u = make_url(url.strip())
    except Exception as exc:  # SQLAlchemy raises ArgumentError for malformed text
        raise BadUrl(url) from exc
    if u.get_backend_name() != "postgresql":
        raise BadUrl(url)
    return u.set(drivername="postgresql+psycopg")


def account(u: URL) -> str:
    """The key a password is stored under: ``role@host:port/database``."""
    return f"{u.username}@{u.host or 'localhost'}:{u.port or 5432}/{u.database}"


def public_text(u: URL) -> str:
    """The URL as text without its password (what the settings file holds)."""
    # URL.set() ignores None: the named tuple's _replace really drops the password
    return u._replace(password=None).render_as_string(hide_password=False)


def full_text(u: URL) -> str:
    """The URL as text with its password (never written to disk)."""
    return u.render_as_string(hide_password=False)


def keyring_usable() -> bool:
    """Whether ``keyring`` has a real backend (not the ``fail``/``null`` placeholder)."""
    try:
        import keyring
        from keyring.backends import fail
    except Exception:  # noqa: BLE001 - keyring missing or broken: fall back to the file
        return False
    kr = keyring.get_keyring()
    if isinstance(kr, fail.Keyring) or "null" in type(kr).__module__:
        return False
    return float(getattr(kr, "priority", 0) or 0) > 0


@dataclass(frozen=True)
class Stored:
    """Where a password went: ``keyring`` or ``file`` (then ``path`` names the file)."""

    where: str
    path: Path | None = None


def _secrets_path() -> Path:
    return config.paths().config_dir / SECRETS_FILE


def _read_file(path: Path) -> dict[str, str]:
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def _write_file(path: Path, data: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    # create with 0600 from the start: no moment where another user could read it
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def store_password(u: URL, password: str) -> Stored:
    """Keep ``password`` for the account of ``u`` (keyring, else a 0600 file)."""
    if keyring_usable():
        import keyring

        try:
            keyring.set_password(SERVICE, account(u), password)
            return Stored("keyring")
        except Exception:  # noqa: BLE001, S110 - a locked or broken keyring: use the file
            pass
    path = _secrets_path()
    data = _read_file(path)
    data[account(u)] = password
    _write_file(path, data)
    return Stored("file", path)


def load_password(u: URL) -> str | None:
    """The stored password of ``u``'s account, from the keyring or the file."""
    if keyring_usable():
        import keyring

        try:
            found = keyring.get_password(SERVICE, account(u))
        except Exception:  # noqa: BLE001 - a locked keyring: maybe the file has it
            found = None
        if found:
            return found
    return _read_file(_secrets_path()).get(account(u))


def save_settings(u: URL) -> Stored | None:
    """Store the password (if any) and write ``central.url`` without it to the settings."""
    stored = store_password(u, u.password) if u.password else None
    values = config.load()
    values["central.url"] = public_text(u)
    values["central.password_in_keyring"] = bool(stored and stored.where == "keyring")
    config.save(values)
    return stored


def configured_url(override: str | None = None) -> URL | None:
    """The central URL to use, with its password: ``override`` or the settings + secret store."""
    text = override or str(config.load().get("central.url") or "")
    if not text:
        return None
    u = normalise(text)
    if u.password is None:
        password = load_password(u)
        if password:
            u = u.set(password=password)
    return u
