"""Users, roles, passwords (Argon2id) and lock-out.

Argon2id parameters (argon2-cffi): time_cost=3, memory_cost=64 MiB, parallelism=4, 16-byte
salt, 32-byte hash — RFC 9106's second recommended option. After ``lockout_failures`` (5)
wrong passwords in a row an account is locked for ``lockout_minutes`` (15); a success resets
the counter. The built-in ``system`` admin has no password: it is the CLI's account for
whoever can open the database, and it cannot log in to the GUI.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session

from onestop import faults
from onestop.domain import validation as v
from onestop.services import audit, passwords, permissions
from onestop.services.context import AGENCY_DEFAULTS, SYSTEM_USER, Context
from onestop.services.errors import AuthFailed, Forbidden, NotFound, Unavailable, ValidationError
from onestop.storage.models import ROLES, LocalSetting, Outbox, User
import hashlib
import json
from onestop.services.errors import Unavailable
from onestop.storage.models import Agency
from onestop.domain.calendar import VN_TZ

HASHER = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4, hash_len=32, salt_len=16)


@functools.cache
def _dummy_hash() -> str:
    """A hash so an unknown username costs as much time as a wrong password.

    Made on first use, not at import: every CLI command imports this module.
    """
    return HASHER.hash("onestop-timing-equaliser")


@dataclass(frozen=True)
class UserDTO:
    """A user as the UI and CLI see it (never the hash)."""

    username: str
    full_name: str
    role: str
    active: bool
    locked_until: datetime | None

    @classmethod
    def of(cls, u: User) -> UserDTO:
        return cls(u.username, u.full_name, u.role, u.active, u.locked_until)


def _get(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound("username", "not_found", value=username)
    return user


def _touch(session: Session, user: User) -> None:
    user.version = (user.version or 0) + 1
    session.add(Outbox(table_name="app_user", row_id=user.id))


def _username(value: str) -> str:
    name = v.free_text(value, "username", 64, required=True) or ""
    if not name.replace(".", "").replace("_", "").replace("-", "").isalnum() or not name.isascii():
        raise ValidationError("username", "invalid_chars")
    if len(name) < 2:
        raise ValidationError("username", "too_short", min=2)
    return name.lower()


def add_user(ctx: Context, username: str, role: str, full_name: str, password: str) -> UserDTO:
    """Create an account.

    Raises:
        ValidationError: bad username, role, name or weak password; duplicate username.
        Forbidden: the acting user is not an admin.
    """
    errors = v.Collector()
    name = errors.check(_username, username)
    role = errors.check(v.choice, role, "role", ROLES)
    full = errors.check(v.person_name, full_name, "full_name")
    pw = errors.check(passwords.check, password, name or username, "password",
                      _demo_database(ctx))
    errors.raise_if_any()
    with ctx.transaction() as session:
        permissions.require(session, ctx, "users", target=str(name))
        if session.scalar(select(User.id).where(User.username == name)) is not None:
            raise ValidationError("username", "duplicate", value=name)
        user = User(username=name, full_name=full, role=role, password_hash=HASHER.hash(pw))
        session.add(user)
        session.flush()
        session.add(Outbox(table_name="app_user", row_id=user.id))
        audit.append(session, ctx.actor(session), "user.add", target=str(name), role=role)
        faults.hit("users.before_commit")
        return UserDTO.of(user)


def set_password(ctx: Context, username: str, password: str) -> None:
    """Set a new password (admins for anyone; a user for their own account) and unlock."""
    pw = passwords.check(password, username, "password", _demo_database(ctx))
    with ctx.transaction() as session:
        # even for one's own account: a disabled or locked account may not reset itself
        permissions.require(session, ctx, "users" if username != ctx.username else "own_password",
                      target=username)
        user = _get(session, username)
        user.password_hash = HASHER.hash(pw)
        user.failed_logins, user.locked_until = 0, None
        _touch(session, user)
        audit.append(session, ctx.actor(session), "user.passwd", target=username)


#: ``local_setting`` key marking a database that ``demo`` filled: fake dossiers, published
#: passwords. Such a database never joins a central server, and only it may keep the demo
#: password (services.passwords).
DEMO_MARK = "demo_database"


def is_demo(session: Any) -> bool:
    """Whether this database was filled by ``demo`` (False when it is not initialised)."""
    try:
        return session.get(LocalSetting, DEMO_MARK) is not None
    except (OperationalError, DatabaseError):  # no local_setting table yet
        session.rollback()
        return False


def _demo_database(ctx: Context) -> bool:
    """Whether the password policy is waived: only on a database filled by ``demo``."""
    try:
        with ctx.reading() as session:
            return is_demo(session)
    except Unavailable:
        return False


def set_active(ctx: Context, username: str, active: bool) -> None:
    """Disable (or re-enable) an account. The built-in system account cannot be disabled."""
    with ctx.transaction() as session:
        permissions.require(session, ctx, "users", target=username)
        if username == SYSTEM_USER:
            raise ValidationError("username", "invalid_value")
        user = _get(session, username)
        user.active = active
        _touch(session, user)
        audit.append(session, ctx.actor(session), "user.enable" if active else "user.disable", target=username)


def set_role(ctx: Context, username: str, role: str) -> None:
    """Change an account's role."""
    role = v.choice(role, "role", ROLES)
    with ctx.transaction() as session:
        permissions.require(session, ctx, "users", target=username)
        user = _get(session, username)
        user.role = role
        _touch(session, user)
        audit.append(session, ctx.actor(session), "user.role", target=username, role=role)


def list_users(ctx: Context) -> list[UserDTO]:
    """Every account, by username."""
    with ctx.reading() as session:
        permissions.require(session, ctx, "users")
        return [UserDTO.of(u) for u in session.scalars(select(User).order_by(User.username))]


def authenticate(ctx: Context, username: str, password: str) -> UserDTO:
    """Check a password, with lock-out after repeated failures.

    Raises:
        AuthFailed: wrong username or password (one message for both), locked or disabled.
    """
    now = ctx.now()
    with ctx.transaction() as session:
        user = session.scalar(select(User).where(User.username == username.strip().lower()))
        if user is None or user.password_hash is None:
            _burn_time(password)
            outcome: Exception = _unknown_failure(session, ctx, username, now)
        elif not user.active:
            _burn_time(password)  # every refusal costs one Argon2 verify, like a wrong password
            audit.append(session, ctx.actor(session, user.username), "login", target=user.username, outcome="disabled")
            outcome = AuthFailed("username", "account_disabled")
        elif ctx.read_only and not permissions.allows(user.role, "report"):
            outcome = _reports_only(session, ctx, user, password, now)
        elif user.locked_until is not None and user.locked_until > now:
            _burn_time(password)
            audit.append(session, ctx.actor(session, user.username), "login", target=user.username, outcome="locked")
            outcome = AuthFailed("username", "account_locked", until=_local_hhmm(user.locked_until))
        else:
            result = _check(session, ctx, user, password, now)
            faults.hit("login.before_commit")
            if isinstance(result, UserDTO):
                return result
            outcome = result
    raise outcome


def _check(session: Session, ctx: Context, user: User, password: str,
           now: datetime) -> UserDTO | AuthFailed:
    try:
        HASHER.verify(user.password_hash or "", password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        user.failed_logins += 1
        settings = _lockout_settings(session, ctx)
        limit = int(settings["lockout_failures"])
        if user.failed_logins >= limit:
            user.locked_until = now + timedelta(minutes=int(settings["lockout_minutes"]))
            user.failed_logins = 0
            audit.append(session, ctx.actor(session, user.username), "lockout", target=user.username)
            return AuthFailed("username", "account_locked", until=_local_hhmm(user.locked_until))
        audit.append(session, ctx.actor(session, user.username), "login", target=user.username, outcome="failed")
        return AuthFailed("password", "bad_credentials")
    if HASHER.check_needs_rehash(user.password_hash or ""):
        user.password_hash = HASHER.hash(password)
    user.failed_logins, user.locked_until = 0, None
    audit.append(session, ctx.actor(session, user.username), "login", target=user.username)
    return UserDTO.of(user)


def _reports_only(session: Session, ctx: Context, user: User, password: str,
                  now: datetime) -> AuthFailed:
    """A reports-only session (a reader login on the central database, issue 19) signs in
    supervisors and administrators only; the reader may not touch another account's row, so
    a wrong password counts as for a name that is no account."""
    try:
        HASHER.verify(user.password_hash or "", password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return _unknown_failure(session, ctx, user.username, now)
    audit.append(session, ctx.actor(session, user.username), "login", target=user.username,
                 outcome="reports_only")
    return AuthFailed("username", "reports_only_role")


#: ``local_setting`` key prefix of the failure count of a name that is no account.
UNKNOWN_PREFIX = "login.unknown."


def _unknown_failure(session: Session, ctx: Context, username: str,
                     now: datetime) -> AuthFailed:
    """A failed log-in under a name that is no account, answered exactly like a known one.

    The name gets the same failure count and lock-out as an account (kept in a local
    setting under a hash of the name), so "locked after five tries" does not tell an
    attacker which names exist; audit entries are the same as for an account.
    """

    name = username.strip().lower()[:64]
    key = UNKNOWN_PREFIX + hashlib.sha256(name.encode("utf-8")).hexdigest()[:40]
    row = session.get(LocalSetting, key)
    state = json.loads(row.value) if row is not None else {"failed": 0, "locked_until": None}
    until = datetime.fromisoformat(state["locked_until"]) if state["locked_until"] else None
    if until is not None and until > now:
        audit.append(session, ctx.actor(session, name), "login", target=name, outcome="locked")
        return AuthFailed("username", "account_locked", until=_local_hhmm(until))
    state["failed"] = int(state["failed"]) + 1
    settings = _lockout_settings(session, ctx)
    result = AuthFailed("password", "bad_credentials")
    if state["failed"] >= int(settings["lockout_failures"]):
        until = now + timedelta(minutes=int(settings["lockout_minutes"]))
        state = {"failed": 0, "locked_until": until.isoformat()}
        audit.append(session, ctx.actor(session, name), "lockout", target=name)
        result = AuthFailed("username", "account_locked", until=_local_hhmm(until))
    else:
        audit.append(session, ctx.actor(session, name), "login", target=name, outcome="failed")
    if row is None:
        session.add(LocalSetting(key=key, value=json.dumps(state)))
    else:
        row.value = json.dumps(state)
    return result


def _lockout_settings(session: Session, ctx: Context) -> dict[str, object]:
    """The agency's lock-out settings (the defaults before ``init``)."""

    try:
        agency = session.get(Agency, ctx.identity(session).agency_id)
    except Unavailable:
        agency = None
    return ctx.agency_settings(agency) if agency is not None else dict(AGENCY_DEFAULTS)


def _burn_time(password: str) -> None:
    try:
        HASHER.verify(_dummy_hash(), password)
    except VerificationError:
        pass


def _local_hhmm(instant: datetime) -> str:
    return instant.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")


def require_active(ctx: Context) -> None:
    """Refuse any action by an unknown, disabled or locked account (CLI ``--user``)."""
    with ctx.reading() as session:
        if permissions.acting_role(session, ctx) is None:
            raise Forbidden("user", "forbidden", action="login", target=ctx.username)
