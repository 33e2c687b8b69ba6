"""Central set-up and joining from the command line, as an administrator would do it."""

from __future__ import annotations

import json
import stat
import subprocess
from pathlib import Path

import pytest

from onestop.storage import credentials
from tests.support.central import AGENCY, Central, PROCEDURE, run_cli

pytestmark = pytest.mark.postgres


_cli = run_cli


def _without_password(url: str) -> tuple[str, str]:
    """(the URL without its password, the password)."""
    u = credentials.normalise(url)
    plain = credentials.public_text(u).replace("postgresql+psycopg://", "postgresql://", 1)
    return plain, str(u.password)


def _json(r: subprocess.CompletedProcess[str]) -> dict:  # type: ignore[type-arg]
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_two_pcs_and_a_central_server_from_scratch(tmp_path: Path, central_db: Central) -> None:
    admin = central_db.admin_url
    again = _json(_cli(tmp_path, "central", "init", "--url", admin, "--json"))  # idempotent
    assert again["procedures_loaded"] == 0 and again["revision"]
    pcs = []
    for k in (1, 2):
        login = _json(_cli(tmp_path, "central", "add-counter", "--url", admin, "--agency",
                           AGENCY, "--counter", str(k), "--agency-name", "SỞ GD&ĐT", "--json"))
        home = tmp_path / f"pc{k}"
        assert login["password"] not in login["url"] + login["join"]
        joined = _cli(home, "join", login["url"], "--json", password=login["password"])
        out = _json(joined)
        assert (out["agency_code"], out["counter"], out["initialised"]) == (AGENCY, k, True)
        assert "kho mật khẩu" in joined.stderr          # no OS keyring here: the 0600 file
        pcs.append((home, login))
    home1, login1 = pcs[0]
    settings = (home1 / "config" / "settings.toml").read_text(encoding="utf-8")
    assert login1["password"] not in settings and login1["role"] in settings
    secrets = home1 / "config" / credentials.SECRETS_FILE
    assert stat.S_IMODE(secrets.stat().st_mode) == 0o600
    assert login1["password"] in secrets.read_text(encoding="utf-8")

    code = _json(_cli(home1, "receive", "--procedure", PROCEDURE, "--name", "Bùi Thị Lan",
                      "--json"))["code"]
    assert _json(_cli(home1, "sync", "--once", "--json"))["pushed"] >= 2   # settings only
    home2 = pcs[1][0]
    assert _json(_cli(home2, "sync", "--json"))["pulled"] >= 2
    assert _json(_cli(home2, "show", code, "--json"))["code"] == code
    status = _json(_cli(home2, "sync", "--status", "--json"))
    assert status["online"] and status["pending"] == 0 and status["last_error"] is None


def test_a_counter_login_serves_one_pc(tmp_path: Path, central_db: Central) -> None:
    login = _json(_cli(tmp_path, "central", "add-counter", "--url", central_db.admin_url,
                       "--agency", AGENCY, "--counter", "3", "--json"))
    pw = login["password"]
    assert _cli(tmp_path / "a", "join", login["url"], "--json", password=pw).returncode == 0
    second = _cli(tmp_path / "b", "join", login["url"], password=pw)
    assert second.returncode == 4 and "--replace" in second.stderr
    assert _cli(tmp_path / "b", "join", login["url"], "--replace",
                password=pw).returncode == 0
    # the new PC continued the counter's hash chains after the old PC's entries
    assert _cli(tmp_path / "b", "audit", "verify").returncode == 0
    # the replaced PC is told so instead of mixing two histories under one counter
    stale = _cli(tmp_path / "a", "sync")
    assert stale.returncode == 4 and "máy khác" in stale.stderr


def test_join_refuses_a_pc_set_up_as_another_counter(tmp_path: Path,
                                                     central_db: Central) -> None:
    login = _json(_cli(tmp_path, "central", "add-counter", "--url", central_db.admin_url,
                       "--agency", AGENCY, "--counter", "4", "--json"))
    home = tmp_path / "pc"
    assert _cli(home, "init", "--agency-code", AGENCY, "--counter", "5").returncode == 0
    r = _cli(home, "join", login["url"], password=login["password"])
    assert r.returncode == 2 and "quầy 4" in r.stderr and "quầy 5" in r.stderr
    settings = home / "config" / "settings.toml"
    assert not settings.exists() or "_k4" not in settings.read_text(encoding="utf-8")


def test_sync_without_a_central_server_says_so(tmp_path: Path) -> None:
    home = tmp_path / "pc"
    assert _cli(home, "init").returncode == 0
    r = _cli(home, "sync")
    assert r.returncode == 2 and "onestop join" in r.stderr


def _file_state(home: Path) -> dict[str, bytes]:
    """Every file under the PC's data folder, byte for byte (the lock file aside)."""
    return {str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*"))
            if p.is_file() and not p.name.endswith(".lock")}


def test_demo_is_refused_on_a_joined_counter_writing_nothing(
        tmp_path: Path, central_db: Central) -> None:
    login = _json(_cli(tmp_path, "central", "add-counter", "--url", central_db.admin_url,
                       "--agency", AGENCY, "--counter", "6", "--json"))
    home = tmp_path / "pc"
    _json(_cli(home, "join", login["url"], "--json", password=login["password"]))
    assert _cli(home, "sync", "--once").returncode == 0
    before = _file_state(home)
    r = _cli(home, "demo", "--dossiers", "20")
    assert r.returncode == 2, r.stderr
    assert r.stderr.splitlines() == [r.stderr.strip()] and r.stderr.startswith("db: ")
    assert "máy chủ trung tâm" in r.stderr
    assert _file_state(home) == before


def test_passwords_stay_off_the_command_line(tmp_path: Path, central_db: Central) -> None:
    """``central … --url`` and ``join`` take the password from ONESTOP_CENTRAL_PASSWORD or
    standard input (a prompt on a terminal); one inside the URL still works, with a warning."""
    plain, admin_pw = _without_password(central_db.admin_url)
    assert admin_pw not in plain
    by_stdin = _cli(tmp_path, "central", "init", "--url", plain, "--json", stdin=admin_pw + "\n")
    assert by_stdin.returncode == 0 and by_stdin.stderr == "", by_stdin.stderr
    login = json.loads(_cli(tmp_path, "central", "add-counter", "--url", plain, "--agency",
                            AGENCY, "--counter", "6", "--json", password=admin_pw).stdout)
    assert login["url"].startswith("postgresql://") and login["password"] not in login["url"]
    joined = _cli(tmp_path / "pc", "join", login["url"], "--json", password=login["password"])
    assert _json(joined)["sync"]["last_error"] is None
    assert "cảnh báo" not in joined.stderr
    with_pw = login["url"].replace("@", ":" + login["password"] + "@", 1)
    once = _cli(tmp_path / "pc", "sync", "--central", with_pw)
    assert once.returncode == 0 and once.stderr.startswith("central: cảnh báo: mật khẩu")
    # a password written in the URL keeps working, and is warned about in one line
    inline = _cli(tmp_path, "central", "init", "--url", central_db.admin_url, "--json")
    assert inline.returncode == 0
    warning = inline.stderr.strip().splitlines()
    assert len(warning) == 1 and warning[0].startswith("url: cảnh báo: mật khẩu") \
        and "ONESTOP_CENTRAL_PASSWORD" in warning[0]


def test_a_wrong_admin_password_names_the_administrators_login(
        tmp_path: Path, central_db: Central) -> None:
    plain, _ = _without_password(central_db.admin_url)
    admin = credentials.normalise(plain).username
    for args in (("add-counter", "--agency", AGENCY, "--counter", "7"), ("init",),
                 ("add-reader", "--name", "bgd")):
        r = _cli(tmp_path, "central", args[0], "--url", plain, *args[1:], password="sai-mk")
        assert r.returncode == 4, r.stderr
        assert r.stderr.startswith("url: ") and f"quản trị của {admin}" in r.stderr, r.stderr
        assert "quầy" not in r.stderr and "onestop join" not in r.stderr
