"""Encryption at rest of the counter's SQLite database (SQLCipher): status and ``encrypt``.

See storage.keys (where keys live), storage.rekey (how a plain file is encrypted in place)
and SECURITY.md. A PostgreSQL (central) database is protected on its server, not here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from onestop.services.errors import ServiceError, Unavailable, ValidationError
from onestop.storage import dblock, keys
from onestop.services.errors import NotFound
from onestop.services.install.backup import stamped_path
from onestop.storage import rekey
from onestop.storage.db import file_key

log = logging.getLogger(__name__)


class EncryptFailed(ServiceError):
    """The encrypted copy did not check out; the plain file is untouched (exit code 5)."""

    exit_code = 5


@dataclass(frozen=True)
class Status:
    """Whether a database is encrypted: ``encrypted``, ``plain`` or ``server``."""

    state: str
    path: Path | None

    @property
    def encrypted(self) -> bool | None:
        return None if self.state == "server" else self.state == keys.ENCRYPTED


def status(target: Any) -> Status:
    """The encryption state of a Context's, URL's or path's database."""
    if isinstance(target, Path):
        return Status(keys.state(target), target)
    url = target.engine.url if hasattr(target, "engine") else make_url(str(target))
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return Status("server", None)
    path = Path(url.database).expanduser().resolve()
    return Status(keys.state(path), path)


def recovery_key(path: Path) -> str | None:
    """The recovery key of the encrypted file ``path`` (None when plain or unreadable)."""
    key = file_key(path)
    return keys.recovery_text(key) if key else None


@dataclass(frozen=True)
class EncryptResult:
    path: Path
    recovery_key: str | None
    backup: Path | None
    already: bool
    resumed: bool


def encrypt(url: str) -> EncryptResult:
    """Encrypt the plain SQLite database of ``url`` in place (storage.rekey), after a
    verified backup in ``<db dir>/backups``. A database already encrypted is left as it is.

    Raises:
        ValidationError: not a SQLite file.
        NotFound: no database there.
        EncryptFailed: the encrypted copy did not check out (nothing replaced).
        Unavailable: writers kept the database busy.
    """
    st = status(url)
    if st.path is None:
        raise ValidationError("db", "encrypt_server")
    if st.state == keys.MISSING:
        raise NotFound("db", "db_missing", value=str(st.path))
    target = stamped_path(st.path.parent / "backups", st.path.stem, "before-encrypt")
    try:
        r = rekey.encrypt_in_place(st.path, target)
    except rekey.RekeyError as exc:
        raise EncryptFailed("db", "encrypt_failed", value=str(st.path), detail=str(exc)) from exc
    except dblock.LockTimeout as exc:
        raise Unavailable("db", "database_busy", value=str(st.path),
                          seconds=f"{exc.waited:g}") from exc
    log.info("database encrypted (resumed=%s, already=%s)", r.resumed, r.already)
    return EncryptResult(r.path, None if r.already else keys.recovery_text(r.key), r.backup,
                         r.already, r.resumed)
