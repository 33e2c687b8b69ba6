"""Accounts: Argon2 hashes, lock-out, disabled accounts and the role checks of the services."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from onestop.domain.validation import ValidationError
from onestop.services import audit, catalogue, users
from onestop.services.install import setup
from onestop.services.context import Context
from onestop.services.errors import AuthFailed, Forbidden, NotFound
from onestop.services.reception import ReceiveRequest, receive
from onestop.storage.models import User
from tests.support.accounts import PASSWORD
from tests.support.clock import Clock
from tests.support.db import audit_actions, row_counts, unchanged_except


def stored(ctx: Context, username: str) -> User:
    with ctx.factory() as session:
        user = session.scalar(select(User).where(User.username == username))
        assert user is not None
        return user


def test_add_user_stores_an_argon2id_hash(ctx: Context) -> None:
    dto = users.add_user(ctx, "  Thu.Ha ", "officer", "Phạm Thu Hà", "Mot-mat-khau-2026")
    assert (dto.username, dto.role, dto.full_name, dto.active) == ("thu.ha", "officer",
                                                                   "Phạm Thu Hà", True)
    h = stored(ctx, "thu.ha").password_hash or ""
    assert h.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert "Mot-mat-khau-2026" not in h
    assert users.authenticate(ctx, "THU.HA", "Mot-mat-khau-2026") == dto
    assert audit_actions(ctx.engine)[-2:] == [("system", "user.add", "thu.ha", "ok"),
                                              ("thu.ha", "login", "thu.ha", "ok")]


def test_bad_accounts_are_refused(ctx: Context) -> None:
    before = row_counts(ctx.engine)
    for args, expected in [
        (("canbo", "officer", "Người Trùng", PASSWORD), [("username", "duplicate")]),
        (("x y", "officer", "Tên Hợp Lệ", PASSWORD), [("username", "invalid_chars")]),
        (("moi", "boss", "Tên Hợp Lệ", "abc"), [("role", "invalid_choice"),
                                               ("password", "weak_password")]),
    ]:
        with pytest.raises(ValidationError) as info:
            users.add_user(ctx, *args)
        assert [(e.field, e.code) for e in info.value.errors] == expected
    assert row_counts(ctx.engine) == before


def test_lock_out_after_five_failures(ctx: Context, clock: Clock) -> None:
    for _ in range(4):
        with pytest.raises(AuthFailed) as info:
            users.authenticate(ctx, "canbo", "wrong-password-1")
        assert (info.value.field, info.value.code, info.value.exit_code) == (
            "password", "bad_credentials", 4)
    with pytest.raises(AuthFailed) as info:
        users.authenticate(ctx, "canbo", "wrong-password-1")
    assert (info.value.field, info.value.code) == ("username", "account_locked")
    assert "08:15 02/03/2026" in info.value.message   # locked for 15 minutes, local time
    with pytest.raises(AuthFailed) as info:          # even the right password, while locked
        users.authenticate(ctx, "canbo", PASSWORD)
    assert info.value.code == "account_locked"
    with pytest.raises(Forbidden):                   # a locked account cannot act either
        receive(ctx.as_user("canbo"), ReceiveRequest("2.001914", "Nguyễn Văn An"))
    actions = [(a[1], a[3]) for a in audit_actions(ctx.engine) if a[0] == "canbo"]
    assert actions[-7:] == [("login", "failed")] * 4 + [("lockout", "ok"), ("login", "locked"),
                                                        ("forbidden", "refused")]
    clock.advance(minutes=16)
    assert users.authenticate(ctx, "canbo", PASSWORD).role == "officer"
    assert stored(ctx, "canbo").failed_logins == 0


def test_unknown_user_and_wrong_password_look_the_same(ctx: Context) -> None:
    messages = []
    for name, pw in (("khongco", PASSWORD), ("canbo", "sai-mat-khau-9")):
        with pytest.raises(AuthFailed) as info:
            users.authenticate(ctx, name, pw)
        messages.append((info.value.field, info.value.message))
    assert messages[0] == messages[1]


def test_disabled_account_is_refused(ctx: Context) -> None:
    users.set_active(ctx, "canbo", False)
    with pytest.raises(AuthFailed) as info:
        users.authenticate(ctx, "canbo", PASSWORD)
    assert (info.value.field, info.value.code) == ("username", "account_disabled")
    officer = ctx.as_user("canbo")
    before = row_counts(ctx.engine)
    with pytest.raises(Forbidden):
        users.require_active(officer)
    with pytest.raises(Forbidden):
        receive(officer, ReceiveRequest("2.001914", "Nguyễn Văn An"))
    unchanged_except(before, row_counts(ctx.engine), audit_entry=2, sync_outbox=2)
    assert [a[:2] for a in audit_actions(ctx.engine)[-2:]] == [("canbo", "forbidden")] * 2
    users.set_active(ctx, "canbo", True)
    assert receive(officer, ReceiveRequest("2.001914", "Nguyễn Văn An")).received_by == "canbo"
    with pytest.raises(ValidationError):
        users.set_active(ctx, "system", False)
    with pytest.raises(NotFound):
        users.set_active(ctx, "khongco", False)


#: Administrative actions an officer (and a supervisor) may not perform.
ADMIN_ONLY: dict[str, Callable[[Context], Any]] = {
    "user add": lambda c: users.add_user(c, "moi", "officer", "Người Mới", PASSWORD),
    "user disable": lambda c: users.set_active(c, "quantri", False),
    "user role": lambda c: users.set_role(c, "canbo", "admin"),
    "user passwd other": lambda c: users.set_password(c, "quantri", "Song-Huong-Xanh-42"),
    "user list": lambda c: users.list_users(c),
    "catalogue edit": lambda c: catalogue.update_procedure(c, "2.001914", fee_vnd=1),
    "calendar set": lambda c: setup.set_override(c, "2026-03-06", "off", "Nghỉ đột xuất"),
    "calendar remove": lambda c: setup.remove_override(c, "2026-01-10"),
    "agency settings": lambda c: setup.update_agency(c, name="Sở khác"),
}


@pytest.mark.parametrize("role_user", ["canbo", "giamsat"])
def test_officers_cannot_administer(ctx: Context, role_user: str) -> None:
    who = ctx.as_user(role_user)
    before = row_counts(ctx.engine)
    for name, action in ADMIN_ONLY.items():
        with pytest.raises(Forbidden) as info:
            action(who)
        assert info.value.exit_code == 4, name
    n = len(ADMIN_ONLY)
    unchanged_except(before, row_counts(ctx.engine), audit_entry=n, sync_outbox=n)
    refused = audit_actions(ctx.engine)[-n:]
    assert {(a[0], a[1], a[3]) for a in refused} == {(role_user, "forbidden", "refused")}
    if role_user == "canbo":   # verifying the audit log is for supervisors and admins
        with pytest.raises(Forbidden):
            audit.verify(who)
    else:
        assert audit.verify(who).ok


def test_admins_administer_and_users_change_their_own_password(ctx: Context) -> None:
    admin = ctx.as_user("quantri")
    users.set_role(admin, "canbo", "supervisor")
    assert {u.username: u.role for u in users.list_users(admin)}["canbo"] == "supervisor"
    users.set_password(ctx.as_user("giamsat"), "giamsat", "Mat-khau-rieng-7")
    assert users.authenticate(ctx, "giamsat", "Mat-khau-rieng-7").username == "giamsat"
    with pytest.raises(AuthFailed):
        users.authenticate(ctx, "giamsat", PASSWORD)
    setup.set_override(admin, "2026-03-06", "off", "Nghỉ đột xuất", "QĐ 1/QĐ-SGDĐT")
    assert [o.name for o in setup.list_overrides(ctx, 2026) if o.day.day == 6
            and o.day.month == 3] == ["Nghỉ đột xuất"]


def test_importing_the_users_module_computes_no_hash() -> None:
    # every CLI command imports it; an Argon2 hash at import cost each start ~0.3–1 s
    probe = ("import argon2\n"
             "calls = []\n"
             "real = argon2.PasswordHasher.hash\n"
             "argon2.PasswordHasher.hash = lambda self, pw, **kw: (calls.append(1),\n"
             "                                                     real(self, pw))[1]\n"
             "import onestop.services.users\n"
             "assert calls == [], calls\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2], check=False)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("password", "code"), [
    ("password1", "weak_password"),            # too short (and the most common of all)
    ("Admin@123", "weak_password"),
    ("Demo@2026", "weak_password"),            # the password the README publishes
    ("Demo@2026-Demo@2026", "password_common"),
    ("Password12345", "password_common"),
    ("Matkhau@2026", "password_common"),       # "mật khẩu": Vietnamese for password
    ("Mật-khẩu-2026", "password_common"),      # the same, with diacritics and separators
    ("Saigon-2026!", "password_common"),
    ("Vietnam@12345", "password_common"),
    ("qwertyuiop12", "password_common"),
    ("Thu.Ha-Quay-2026!", "password_has_username"),
    ("thuha-Quay-2026!", "password_has_username"),
])
def test_weak_common_or_name_passwords_are_refused_on_a_real_database(
        ctx: Context, password: str, code: str) -> None:
    before = row_counts(ctx.engine)
    with pytest.raises(ValidationError) as info:
        users.add_user(ctx, "thu.ha", "officer", "Phạm Thu Hà", password)
    assert [(e.field, e.code) for e in info.value.errors] == [("password", code)]
    assert info.value.errors[0].message.startswith("Mật khẩu ")
    users.add_user(ctx, "thu.ha", "officer", "Phạm Thu Hà", "Song-Huong-Xanh-42")
    with pytest.raises(ValidationError) as info:
        users.set_password(ctx, "thu.ha", password)
    assert [(e.field, e.code) for e in info.value.errors] == [("password", code)]
    assert users.authenticate(ctx, "thu.ha", "Song-Huong-Xanh-42").username == "thu.ha"
    assert set(row_counts(ctx.engine)) == set(before)


def test_a_demo_database_keeps_the_published_demo_password(ctx: Context) -> None:
    from onestop.services import demo

    with pytest.raises(ValidationError):
        users.add_user(ctx, "thu.ha", "officer", "Phạm Thu Hà", demo.DEMO_PASSWORD)
    empty = Context(engine=ctx.engine, factory=ctx.factory, clock=ctx.clock)
    with empty.transaction() as session:  # demo fills only a database without real dossiers
        session.connection().exec_driver_sql("DELETE FROM dossier_event")
        session.connection().exec_driver_sql("DELETE FROM dossier")
    result = demo.generate(ctx, 3)
    assert "canbo1" in result["accounts"]
    assert users.authenticate(ctx, "canbo1", demo.DEMO_PASSWORD).role == "officer"
    users.add_user(ctx, "thu.ha", "officer", "Phạm Thu Hà", demo.DEMO_PASSWORD)


class _VerifyCount:
    """Counts the Argon2 verifications of a log-in (the real verify runs every time)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from argon2 import PasswordHasher

        spy = self
        self.calls = 0
        h = users.HASHER

        class Counting(PasswordHasher):
            def verify(self, hash: str | bytes, password: str | bytes) -> bool:  # noqa: A002
                spy.calls += 1
                return super().verify(hash, password)

        monkeypatch.setattr(users, "HASHER", Counting(h.time_cost, h.memory_cost,
                                                      h.parallelism, h.hash_len, h.salt_len))

    def login(self, ctx: Context, name: str, password: str) -> tuple[str, str, int]:
        before = self.calls
        with pytest.raises(AuthFailed) as info:
            users.authenticate(ctx, name, password)
        return info.value.field, info.value.message, self.calls - before


def test_an_unknown_name_is_locked_out_and_verified_like_an_account(
        ctx: Context, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    """Six wrong tries on an account and on a name that is no account give the same answers
    (locked from the fifth, until the same time), the same audit entries, and cost one
    Argon2 verify each; so do a locked and a disabled account."""
    spy = _VerifyCount(monkeypatch)
    known = [spy.login(ctx, "canbo", "Doan-Sai-Mat-Khau-77") for _ in range(6)]
    unknown = [spy.login(ctx, "khongco", "Doan-Sai-Mat-Khau-77") for _ in range(6)]
    assert unknown == known
    assert [k[0] for k in known] == ["password"] * 4 + ["username"] * 2
    assert "bị khóa" in known[5][1] and [k[2] for k in known] == [1] * 6
    actions = [(a[1], a[3]) for a in audit_actions(ctx.engine) if a[0] in ("canbo", "khongco")]
    pattern = [("login", "failed")] * 4 + [("lockout", "ok"), ("login", "locked")]
    assert actions == pattern + pattern
    clock.advance(minutes=16)   # the lock-out is over for both
    assert spy.login(ctx, "khongco", "Doan-Sai-Mat-Khau-77")[:2] == \
        spy.login(ctx, "canbo", "Doan-Sai-Mat-Khau-77")[:2]
    users.set_active(ctx, "giamsat", False)
    assert spy.login(ctx, "giamsat", PASSWORD)[2] == 1
