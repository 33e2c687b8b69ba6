"""The forbidden actions of the role matrix, as (who, what, call) for the services.

Who: ``canbo`` (officer), ``giamsat`` (supervisor), ``nghiviec`` (an admin account that was
disabled), ``bikhoa`` (an admin account locked by wrong passwords) and ``khongco`` (a name
with no account). What: the ``attempted`` action the ``forbidden`` audit entry must name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from onestop.config import resources_dir
from onestop.services import audit, catalogue, demo, forms, queries, reports, users
from onestop.services.install import setup
from onestop.services.context import Context
from onestop.services.processing import EventRequest, record
from onestop.services.reception import ReceiveRequest, correct, receive
from tests.reliability.corpus import PROCESSING, RECEIVED

#: A valid catalogue file (the seed): it parses, so the refusal is the permission's
CSV = resources_dir() / "catalogue" / "procedures_education.csv"
NEW_PASSWORD = "Mat-khau-moi-2026"


@dataclass(frozen=True)
class Refusal:
    user: str
    label: str
    action: str                       # what the audit entry's ``attempted`` names
    call: Callable[[Context], Any]

    @property
    def id(self) -> str:
        return f"{self.user}-{self.label}"


def _reschedule_override(c: Context) -> Any:
    return record(c, RECEIVED, EventRequest("reschedule", reason="Chờ xác minh",
                                            new_due="2026-04-30T10:00",
                                            override_reason="Lãnh đạo đồng ý"))


ADMIN_ONLY: dict[str, tuple[str, Callable[[Context], Any]]] = {
    "add_user": ("users", lambda c: users.add_user(c, "moi", "admin", "Người Mới",
                                                   NEW_PASSWORD)),
    "disable_user": ("users", lambda c: users.set_active(c, "quantri", False)),
    "enable_user": ("users", lambda c: users.set_active(c, "nghiviec", True)),
    "make_admin": ("users", lambda c: users.set_role(c, "canbo", "admin")),
    "list_users": ("users", lambda c: users.list_users(c)),
    "others_password": ("users", lambda c: users.set_password(c, "quantri", NEW_PASSWORD)),
    "import_catalogue": ("catalogue", lambda c: catalogue.import_csv(c, CSV)),
    "edit_procedure": ("catalogue", lambda c: catalogue.update_procedure(
        c, "2.001914", time_limit_days=1)),
    "set_holiday": ("calendar", lambda c: setup.set_override(c, "2026-03-20", "off", "Nghỉ")),
    "remove_holiday": ("calendar", lambda c: setup.remove_override(c, "2026-04-27")),
    "agency_settings": ("settings", lambda c: setup.update_agency(c, lockout_failures=99)),
    "counter_number": ("settings", lambda c: setup.set_counter(c, 2)),
    "reinit_identity": ("settings", lambda c: setup.init(c, None, "Cơ quan khác", 3)),
    "demo_data": ("settings", lambda c: demo.generate(c, 5)),
    "reschedule_override": ("reschedule_override", _reschedule_override),
    "clock_confirm": ("clock_confirm", lambda c: receive(c, ReceiveRequest(
        "2.001914", "Nguyễn Văn An", clock_confirmed=True))),
}
SUPERVISOR_ALSO: dict[str, tuple[str, Callable[[Context], Any]]] = {
    "void": ("void", lambda c: record(c, RECEIVED, EventRequest("void", reason="Nhập nhầm"))),
    "audit_verify": ("audit_verify", lambda c: audit.verify(c)),
    "dashboard": ("report", lambda c: reports.overview(c)),
    "period_report": ("report", lambda c: reports.period_report(c)),
    "export_report": ("export", lambda c: reports.record_export(c, "period", "xlsx")),
    "export_register": ("export", lambda c: forms.register(c, "2026-03-01", "2026-03-31",
                                                           "xlsx")),
}
ANYTHING: dict[str, tuple[str, Callable[[Context], Any]]] = {
    "receive": ("receive", lambda c: receive(c, ReceiveRequest("2.001914", "Nguyễn Văn An"))),
    "show": ("event", lambda c: queries.show(c, PROCESSING)),
    "find": ("event", lambda c: queries.find(c, "An")),
    "note": ("event", lambda c: record(c, PROCESSING, EventRequest("note", reason="x"))),
    "correct": ("correct", lambda c: correct(c, RECEIVED, "phone", "0912000111", "Sai số")),
    "view_personal": ("view_personal", lambda c: queries.reveal_personal(c, RECEIVED)),
    "print_receipt": ("print", lambda c: forms.receipt_pdf(c, RECEIVED)),
}


def _cases() -> list[Refusal]:
    out = [Refusal("canbo", k, a, f) for k, (a, f) in {**ADMIN_ONLY, **SUPERVISOR_ALSO}.items()]
    out += [Refusal("giamsat", k, a, f) for k, (a, f) in ADMIN_ONLY.items()]
    locked_out = {**ANYTHING, "add_user": ADMIN_ONLY["add_user"],
                  "audit_verify": SUPERVISOR_ALSO["audit_verify"],
                  "own_password": ("own_password",
                                   lambda c: users.set_password(c, c.username, NEW_PASSWORD))}
    for who in ("nghiviec", "bikhoa"):
        out += [Refusal(who, k, a, f) for k, (a, f) in locked_out.items()]
    out += [Refusal("khongco", k, a, f) for k, (a, f) in ANYTHING.items()]
    return out


REFUSALS = _cases()
