"""The SMTP password and the SMS gateway's auth value: environment, keyring, or a 0600 file.

``ONESTOP_SMTP_PASSWORD`` / ``ONESTOP_SMS_AUTH`` / ``ONESTOP_ZALO_AUTH`` win when set (a
service account, CI); otherwise the OS keyring (``keyring``) under the service
``OneStopDesk``; without a usable keyring a ``notify-secrets.json`` beside the settings file,
readable by this user only. The settings in the database never hold a secret.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from onestop import config

SERVICE = "OneStopDesk"
FILE = "notify-secrets.json"
ENV = {"smtp": "ONESTOP_SMTP_PASSWORD", "sms": "ONESTOP_SMS_AUTH", "zalo": "ONESTOP_ZALO_AUTH"}


def _keyring_usable() -> bool:
    try:
        import keyring
        from keyring.backends import fail
    except Exception:  # noqa: BLE001 - keyring missing or broken: the file
        return False
    kr = keyring.get_keyring()
    if isinstance(kr, fail.Keyring) or "null" in type(kr).__module__:
        return False
    return float(getattr(kr, "priority", 0) or 0) > 0


def _path() -> Path:
    return config.paths().config_dir / FILE


def _read() -> dict[str, str]:
    try:
        return dict(json.loads(_path().read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def store(which: str, account: str, value: str) -> str:
    """Keep a secret; return where it went (``keyring`` or the file's path)."""
    key = f"notify.{which}:{account}"
    if _keyring_usable():
        import keyring

        try:
            keyring.set_password(SERVICE, key, value)
            return "keyring"
        except Exception:  # noqa: BLE001, S110 - a locked keyring: the file
            pass
    path = _path()
    data = _read()
    data[key] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
    os.replace(tmp, path)
    return str(path)


def load(which: str, account: str) -> str:
    """The secret: environment first, then keyring, then the file; "" when none."""
    env = os.environ.get(ENV.get(which, ""), "")
    if env:
        return env
    key = f"notify.{which}:{account}"
    if _keyring_usable():
        import keyring

        try:
            found = keyring.get_password(SERVICE, key)
        except Exception:  # noqa: BLE001 - a locked keyring: maybe the file
            found = None
        if found:
            return found
    return _read().get(key, "")
