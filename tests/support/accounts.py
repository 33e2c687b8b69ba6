"""The one account seeder: ``onestop init`` plus the three test accounts, through the services."""

from __future__ import annotations

from datetime import datetime

from onestop.services import users
from onestop.services.context import Context
from onestop.services.install import setup
from tests.support.clock import INSTALLED, Clock

PASSWORD = "Ca-Phe-Sua-Da-9"
#: (username, role, full name) of the accounts in every test database.
ACCOUNTS = (("canbo", "officer", "Nguyễn Thị Cán Bộ"),
            ("giamsat", "supervisor", "Trần Văn Giám Sát"),
            ("quantri", "admin", "Lê Quản Trị"))


def initialise(url: str, installed: datetime | None = INSTALLED) -> None:
    """``onestop init`` plus the three test accounts, through the services.

    Installed at the start of 2025 by default, before every instant the tests receive at: a
    receipt earlier than the recorded history would be refused by the clock check.
    ``installed=None`` installs at the real time (the GUI tests run on the real clock).
    """
    ctx = Context.open(url)
    if installed is not None:
        ctx.clock = Clock(installed)
    setup.init(ctx)
    for name, role, full in ACCOUNTS:
        users.add_user(ctx, name, role, full, PASSWORD)
    ctx.engine.dispose()
