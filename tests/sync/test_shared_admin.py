"""Shared accounts, catalogue and calendar: held at the counter, sent with a central admin login.

A counter login reads the shared tables but may not write them (tests/reliability/
test_role_matrix_central.py); an admin's edit at a counter therefore waits in the outbox until
someone with a central administrator's login sends it, while the counter's dossiers go on.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from onestop import sync
from onestop.services import catalogue, users
from onestop.services.errors import Forbidden
from onestop.services.queries import show
from onestop.services.reception import ReceiveRequest, receive
from tests.support.central import Central, Counter, PROCEDURE, central_scalar, pending

pytestmark = pytest.mark.postgres
PASSWORD = "Quay@2026-an-toan"


def test_an_account_made_at_a_counter_waits_for_a_central_administrator(
        pair: tuple[Counter, Counter], central_db: Central) -> None:
    c1, c2 = pair
    users.add_user(c1.ctx, "canbo.moi", "officer", "Nguyễn Thị Mới", PASSWORD)
    code = receive(c1.ctx, ReceiveRequest(PROCEDURE, "Phạm Văn Đức")).code
    st = sync.run_once(c1.ctx, c1.url)
    assert st.last_error is None and st.held == 1 and st.pending == 1, st
    assert sync.pending(c1.ctx)[0].last_error == "held"
    # the dossier went; the account did not
    assert central_scalar(central_db, "SELECT count(*) FROM dossier WHERE code = :c", c=code) == 1
    assert central_scalar(central_db, "SELECT count(*) FROM app_user WHERE username = 'canbo.moi'") == 0
    sync.run_once(c2.ctx, c2.url)
    assert show(c2.ctx, code).code == code
    with pytest.raises(Exception, match="Tên đăng nhập hoặc mật khẩu"):
        users.authenticate(c2.ctx, "canbo.moi", PASSWORD)

    admin = central_db.add_admin()
    st = sync.push_shared(c1.ctx, admin.url, url=c1.url)
    assert st.last_error is None and st.pending == 0 and st.held == 0, st
    sync.run_once(c2.ctx, c2.url)
    assert users.authenticate(c2.ctx, "canbo.moi", PASSWORD).full_name == "Nguyễn Thị Mới"
    # who sent it for every agency is in the counter's audit trail, and reaches the central copy
    sync.run_once(c1.ctx, c1.url)
    details = central_scalar(central_db, "SELECT details::text FROM audit_entry "
                       "WHERE action = 'sync.shared_push'")
    assert details is not None and json.loads(str(details))["rows"] == 1


def test_a_dossier_of_a_procedure_made_at_the_counter_waits_with_it(
        pair: tuple[Counter, Counter], central_db: Central, tmp_path: Path) -> None:
    c1, c2 = pair
    csv = tmp_path / "local.csv"
    csv.write_text("code,name,field,field_code,days,cutoff,fee_vnd,documents,department,"
                   "source\n,Xác nhận học bạ bản điện tử,Quản lý chất lượng,,3,,,Đơn đề nghị,"
                   "Phòng Khảo thí,\n", encoding="utf-8")
    assert catalogue.import_csv(c1.ctx, csv).created == 1
    local = next(p for p in catalogue.list_procedures(c1.ctx)
                 if p.name == "Xác nhận học bạ bản điện tử")
    waiting = receive(c1.ctx, ReceiveRequest(local.code, "Hoàng Thị Yến")).code
    going = receive(c1.ctx, ReceiveRequest(PROCEDURE, "Đặng Văn Khoa")).code
    st = sync.run_once(c1.ctx, c1.url)
    # the procedure, the dossier that needs it and that dossier's received event wait
    assert st.last_error is None and st.held == 3 and st.pending == 3, st
    assert central_scalar(central_db, "SELECT count(*) FROM dossier WHERE code = :c", c=going) == 1
    assert central_scalar(central_db, "SELECT count(*) FROM dossier WHERE code = :c", c=waiting) == 0

    admin = central_db.add_admin()
    st = sync.push_shared(c1.ctx, admin.url, url=c1.url)
    assert st.last_error is None and st.pending == 0 and st.held == 0, st
    assert central_scalar(central_db, "SELECT count(*) FROM dossier WHERE code = :c", c=waiting) == 1
    sync.run_once(c2.ctx, c2.url)
    assert show(c2.ctx, waiting).procedure_name == "Xác nhận học bạ bản điện tử"


def test_a_counter_login_is_not_an_administrators(pair: tuple[Counter, Counter],
                                                  central_db: Central) -> None:
    c1, _ = pair
    catalogue.update_procedure(c1.ctx, PROCEDURE, time_limit_days=4)
    st = sync.push_shared(c1.ctx, c1.url, url=c1.url)
    assert st.error_code == "sync_not_admin" and st.exit_code == 4
    assert st.last_error and "quản trị trung tâm" in st.last_error
    assert pending(c1.ctx) == 1
    assert central_scalar(central_db, "SELECT time_limit_days FROM procedure WHERE code = :c",
                    c=PROCEDURE) == 5
    # a wrong administrator password is the usual "refused sign-in", nothing is sent
    admin = central_db.add_admin()
    st = sync.push_shared(c1.ctx, admin.url.replace(admin.password, "sai-mat-khau"), url=c1.url)
    assert st.error_code == "sync_auth" and pending(c1.ctx) == 1


def test_only_a_counter_admin_may_send_shared_changes(pair: tuple[Counter, Counter],
                                                      central_db: Central) -> None:
    c1, _ = pair
    users.add_user(c1.ctx, "canbo.quay", "officer", "Lý Văn Quầy", PASSWORD)
    admin = central_db.add_admin()
    with pytest.raises(Forbidden):
        sync.push_shared(c1.ctx.as_user("canbo.quay"), admin.url, url=c1.url)
    assert pending(c1.ctx) >= 1


def test_the_cli_creates_an_administrator_and_sends_with_it(
        pair: tuple[Counter, Counter], central_db: Central) -> None:
    c1, _ = pair
    prefix = central_db.database[:20]
    made = c1.cli("central", "add-admin", "--url", central_db.admin_url, "--name",
                  f"{prefix}_tinh", "--json")
    assert made.returncode == 0, made.stderr
    login = json.loads(made.stdout.strip().splitlines()[-1])
    assert login["use"].startswith("onestop sync --admin-url")
    catalogue.update_procedure(c1.ctx, PROCEDURE, time_limit_days=6)
    shown = c1.cli("sync", "--central", c1.url, "--status")
    assert shown.returncode == 0
    held = c1.cli("sync", "--central", c1.url)
    assert held.returncode == 0 and "chờ quản trị trung tâm: 1" in held.stdout, held.stdout
    # the password from the environment, not the command line
    url_without = login["url"].replace(":" + login["password"] + "@", "@")
    sent = c1.cli("sync", "--central", c1.url, "--admin-url", url_without, "--json",
                  env={"ONESTOP_ADMIN_PASSWORD": login["password"]})
    assert sent.returncode == 0, sent.stderr
    assert json.loads(sent.stdout.strip().splitlines()[-1])["held"] == 0
    assert central_scalar(central_db, "SELECT time_limit_days FROM procedure WHERE code = :c",
                    c=PROCEDURE) == 6
    refused = c1.cli("sync", "--central", c1.url, "--admin-url", c1.url)
    assert refused.returncode == 4 and "quản trị trung tâm" in refused.stderr
