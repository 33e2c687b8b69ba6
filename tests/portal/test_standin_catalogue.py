"""The stand-in's fault grammar and validation, ``central add-portal`` through the CLI, and the
catalogue comparison with ``--apply``."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from onestop.portal.standin import Faults, SpecError
from tests.portal.conftest import (
    PORTAL_PW,
    Linked,
    ledger_rows,
    portal_cli,
    start_standin,
)


def test_fault_spec_grammar() -> None:
    f = Faults.parse("timeout=0.1,http500=0.05,expire=40,hang=2,seed=3")
    assert f.rates == {"timeout": 0.1, "http500": 0.05} and f.expire == 40 and f.seed == 3
    for bad in ("timeout", "nonsense=1", "error=2", "drop=x", "error=0.7,drop=0.7"):
        with pytest.raises(SpecError):
            Faults.parse(bad)
    r = portal_cli("portal", "stand-in", "--port", "1", "--faults", "error=2")
    assert r.returncode == 2 and r.stderr.startswith("faults: "), r.stderr
    r = portal_cli("portal", "stand-in", "--help")
    assert "timeout=P" in r.stdout and "expire=N" in r.stdout


def test_standin_validates_fields_and_dates(tmp_path: Path) -> None:
    stand = start_standin(tmp_path)
    try:
        with httpx.Client(base_url=stand.url, headers={"dstcode": "H36"}) as http:
            assert http.post("/auth", json={"username": "onestop", "password": "sai"}
                             ).json()["error_code"] != 0
            s = http.post("/auth", json={"username": "onestop", "password": PORTAL_PW}
                          ).json()["session"]
            step = {"MaHoSo": "X1", "NguoiXuLy": "a", "ChucDanh": "", "ThoiDiemXuLy":
                    "20261302100000", "PhongBanXuLy": "", "NoiDungXuLy": "b", "TrangThai": "1",
                    "NgayBatDau": "", "NgayKetThucTheoQuyDinh": ""}
            a = http.post("/integration", json={"session": s, "madonvi": "000.00.15.H36",
                                                "service": "CapNhatTienDoHoSoMC",
                                                "data": [step]}).json()
            assert a["error_code"] != 0 and "ThoiDiemXuLy" in a["message"]
            a = http.post("/integration", json={"session": s, "madonvi": "000.00.15.H36",
                                                "service": "DongBoHoSoMC", "isUpdating": "False",
                                                "data": [{"MaHoSo": "X1"}]}).json()
            assert a["error_code"] != 0 and "missing" in a["message"]
    finally:
        stand.stop()


def test_add_portal_cli_and_catalogue_apply(tmp_path: Path, linked: Linked) -> None:
    r = portal_cli("central", "add-portal", "--url", linked.cen.admin_url, "--name",
                   f"{linked.cen.database}_p2", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["role"] == f"{linked.cen.database}_p2"
    catalogue = tmp_path / "cat.json"
    catalogue.write_text(json.dumps([{
        "MATTHC": "2.001914", "TENTTHC": "Chỉnh sửa nội dung văn bằng, chứng chỉ",
        "THOIGIANGIAIQUYET": "7", "PHILEPHI": "", "THANHPHANHOSO": [],
        "LINHVUCTHUCHIEN": [{"MALINHVUC": "G03-GD14",
                             "TENLINHVUC": "Hệ thống văn bằng, chứng chỉ"}]}],
        ensure_ascii=False), encoding="utf-8")
    stand = start_standin(tmp_path, name="cat", catalogue=catalogue)
    try:
        ledger_rows(linked.cen, "UPDATE portal_link SET adapter_url = :u RETURNING 1",
                    u=stand.url)
        r = portal_cli("portal", "catalogue", "--central", linked.cen.admin_url, "--json")
        assert r.returncode == 0, r.stderr
        out = json.loads(r.stdout)
        diffs = {(d["code"], d["field"]): d for d in out["differences"]}
        assert diffs[("2.001914", "time_limit_days")]["theirs"] == 7
        assert out["applied"] == 0
        r = portal_cli("portal", "catalogue", "--central", linked.cen.admin_url, "--apply",
                       "--json")
        assert r.returncode == 0 and json.loads(r.stdout)["applied"] == 1, r.stderr
        assert ledger_rows(linked.cen, "SELECT time_limit_days FROM procedure WHERE code = "
                           "'2.001914'") == [(7,)]
    finally:
        stand.stop()
