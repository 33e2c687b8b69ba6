"""Keys of encrypted (SQLCipher) database files: made, kept and found again by the file's salt.

A OneStop database file is encrypted with a random 256-bit raw key (``PRAGMA key =
"x'<64 hex>'"``): no key derivation runs at each open, so start-up stays fast. SQLCipher
writes a random 16-byte salt at the start of every encrypted file, in place of the plain
``SQLite format 3`` header; a key is kept under that salt, so a copied or restored file (and
every backup, which is written with the same salt) finds its key again.

Where keys are kept, in the order they are looked up:

1. ``ONESTOP_DB_KEY`` (64 hex digits) overrides everything: servers, scripts and tests.
2. A key file ``<config dir>/keys/<salt>.key`` readable only by the user (mode 0600, in a
   0700 folder). Used where the operating system has no keyring (a headless Linux, CI). It
   is weaker than the keyring: anyone who can read the user's files (an administrator, a
   copy of the whole disk) can read the key. Documented in SECURITY.md.
3. The operating system's keyring (``keyring``: Windows Credential Manager, Secret Service
   on Linux), service ``onestop-db``, account ``<salt>``.
4. ``ONESTOP_RECOVERY_KEY``: the recovery key shown once by ``init``/``encrypt``; a file
   opened with it has its key stored again on this PC (another PC, a restored backup).

The recovery key *is* the data key written for people (16 groups of 4 hex digits): SQLCipher
has one key per file, and a key kept only inside this PC could not open a backup on another.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from onestop import config
from onestop.storage.credentials import keyring_usable

SQLITE_HEADER = b"SQLite format 3\x00"
SERVICE = "onestop-db"
ENV_KEY = "ONESTOP_DB_KEY"
ENV_RECOVERY = "ONESTOP_RECOVERY_KEY"

MISSING, PLAIN, ENCRYPTED = "missing", "plain", "encrypted"

_HEX64 = re.compile(r"[0-9a-fA-F]{64}")


@dataclass(frozen=True)
class Found:
    """A key and where it came from (``env``, ``file``, ``keyring``, ``recovery``, ``new``)."""

    key: str
    where: str


def state(path: Path) -> str:
    """``missing`` (no file or an empty one), ``plain`` (a plain SQLite header) or
    ``encrypted`` (anything else: an encrypted file, or a file that is no database at all)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except FileNotFoundError:
        return MISSING
    except OSError:
        return PLAIN   # unreadable: let SQLite report it as it always did
    if not head:
        return MISSING
    return PLAIN if head == SQLITE_HEADER else ENCRYPTED


def salt_of(path: Path) -> str | None:
    """The SQLCipher salt (32 hex digits) of an encrypted file, else None."""
    if state(path) != ENCRYPTED:
        return None
    with open(path, "rb") as fh:
        return fh.read(16).hex()


def parse(text: str | None) -> str | None:
    """A key from its text (raw or recovery form, any case, dashes or spaces) or None."""
    if not text:
        return None
    digits = re.sub(r"[\s\-]", "", text)
    return digits.lower() if _HEX64.fullmatch(digits) else None


def recovery_text(key: str) -> str:
    """The recovery key of ``key``: 16 groups of 4 upper-case hex digits."""
    k = key.upper()
    return "-".join(k[i:i + 4] for i in range(0, 64, 4))


def new_key() -> tuple[str, str]:
    """A fresh random (key, salt) pair, hex."""
    return secrets.token_hex(32), secrets.token_hex(16)


def pragma(key: str, salt: str | None = None) -> str:
    """The ``PRAGMA key`` statement of a raw key (with an explicit salt for a new file)."""
    if not re.fullmatch(r"[0-9a-f]{64}", key) or (salt and not re.fullmatch(r"[0-9a-f]{32}", salt)):
        raise ValueError("bad key")
    return f"PRAGMA key = \"x'{key}{salt or ''}'\""


def sql_literal(key: str | None) -> str:
    """The key as an ATTACH … KEY value: ``''`` for a plain file."""
    return f"\"x'{key}'\"" if key else "''"


def env_key() -> str | None:
    return parse(os.environ.get(ENV_KEY))


def env_recovery() -> str | None:
    return parse(os.environ.get(ENV_RECOVERY))


def _keys_dir() -> Path:
    return config.paths().config_dir / "keys"


def _key_file(salt: str) -> Path:
    return _keys_dir() / f"{salt}.key"


def _keyring() -> Any | None:
    if os.environ.get("ONESTOP_NO_KEYRING") == "1" or not keyring_usable():
        return None
    import keyring

    return keyring


def stored(salt: str) -> Found | None:
    """The key kept on this PC for ``salt`` (key file, then keyring)."""
    try:
        text = _key_file(salt).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        text = None
    key = parse(text)
    if key:
        return Found(key, "file")
    kr = _keyring()
    if kr is not None:
        try:
            key = parse(kr.get_password(SERVICE, salt))
        except Exception:  # noqa: BLE001 - a locked keyring: no key from it
            key = None
        if key:
            return Found(key, "keyring")
    return None


def candidates(salt: str | None) -> list[Found]:
    """Keys to try on a file with ``salt``, best first."""
    env = env_key()
    if env:
        return [Found(env, "env")]
    found: list[Found] = []
    if salt:
        kept = stored(salt)
        if kept:
            found.append(kept)
    recovery = env_recovery()
    if recovery and all(f.key != recovery for f in found):
        found.append(Found(recovery, "recovery"))
    return found


def remember(salt: str, key: str) -> str:
    """Keep ``key`` for files with ``salt``: the keyring, else a 0600 key file. Returns where."""
    kr = _keyring()
    if kr is not None:
        try:
            kr.set_password(SERVICE, salt, key)
            return "keyring"
        except Exception:  # noqa: BLE001, S110 - a locked or broken keyring: use the file
            pass
    folder = _keys_dir()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        os.chmod(folder, 0o700)
    except OSError:
        pass
    path = _key_file(salt)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    return "file"


def for_new_file() -> tuple[Found, str | None]:
    """The key of a database file about to be created, and its salt (None: SQLCipher picks
    one, for a key from ``ONESTOP_DB_KEY`` which needs no lookup). A random key is kept at
    once under the salt chosen for the file."""
    env = env_key()
    if env:
        return Found(env, "env"), None
    key, salt = new_key()
    remember(salt, key)
    return Found(key, "new"), salt
