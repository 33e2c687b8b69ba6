"""Issue 18, parts 1 and 2 from the command line: ``receive --cccd-qr``/``--sex`` and
``verify`` of the signed QR printed on every receipt (decoded from the real PDF)."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import zxingcpp
from PIL import Image

from onestop.domain import cccd
from onestop.domain.validation import citizen_id_for
from onestop.storage.db import make_engine
from tests.support.cli import Result, Runner
from tests.support.db import row_counts

BIRTH = date(1990, 5, 17)
ID_F = citizen_id_for("079", BIRTH, True, 123456)
ADDRESS = "12 Trần Phú, Phường 1, TP. Đà Lạt, Lâm Đồng"
CARD = cccd.sample(ID_F, "Nguyễn Thị Ánh", BIRTH, "female", ADDRESS, date(2021, 6, 15))
NOW = "2026-02-13T10:05:00+07:00"


def ok(r: Result) -> Result:
    assert r.rc == 0, r.err
    return r


def refused(r: Result, field: str) -> None:
    assert r.rc == 2, (r.rc, r.out, r.err)
    assert len(r.err_lines) == 1 and r.err_lines[0].startswith(f"{field}: "), r.err
    assert r.err_lines[0].endswith(".")


def show(cli: Runner, code: str) -> dict[str, object]:
    return ok(cli("show", code, "--json")).json  # type: ignore[no-any-return]


def test_a_card_qr_fills_the_form_and_explicit_flags_win(cli: Runner) -> None:
    code = ok(cli("receive", "--procedure", "2.001914", "--cccd-qr", CARD,
                  "--phone", "0912345678", now=NOW)).out.strip()
    d = show(cli, code)
    assert (d["applicant_name"], d["id_number"], d["birth_date"], d["sex"], d["address"]) == (
        "Nguyễn Thị Ánh", ID_F, "1990-05-17", "female", ADDRESS)
    code = ok(cli("receive", "--procedure", "2.001914", "--cccd-qr", CARD, "--name",
                  "Nguyễn Thị Ánh Hồng", "--address", "Số 3 Hùng Vương", now=NOW)).out.strip()
    d = show(cli, code)
    assert (d["applicant_name"], d["address"], d["id_number"]) == (
        "Nguyễn Thị Ánh Hồng", "Số 3 Hùng Vương", ID_F)
    code = ok(cli("receive", "--procedure", "2.001914", "--name", "Trần Văn Bình",
                  "--sex", "male", now=NOW)).out.strip()
    assert show(cli, code)["sex"] == "male"
    code = ok(cli("receive", "--procedure", "2.001914", "--name", "Trần Văn Bình",
                  now=NOW)).out.strip()
    assert show(cli, code)["sex"] is None


def test_scanner_damage_is_repaired_or_typed_never_stored(cli: Runner) -> None:
    # Alt-code mode: each UTF-8 byte typed as a Windows-1252 / Latin-1 character
    mojibake = "".join(chr(b) for b in CARD.encode("utf-8"))
    code = ok(cli("receive", "--procedure", "2.001914", "--cccd-qr", mojibake,
                  now=NOW)).out.strip()
    assert show(cli, code)["applicant_name"] == "Nguyễn Thị Ánh"
    # hex-dump mode
    hexed = " ".join(f"{b:02X}" for b in CARD.encode("utf-8"))
    code = ok(cli("receive", "--procedure", "2.001914", "--cccd-qr", hexed,
                  now=NOW)).out.strip()
    assert show(cli, code)["address"] == ADDRESS
    # default US-keyboard mode: the letters with marks are gone ("Nguyn Th nh")
    stripped = "".join(ch for ch in CARD if ch.isascii())
    engine = make_engine(cli.db, create=False)  # type: ignore[arg-type]
    before = row_counts(engine)
    refused(cli("receive", "--procedure", "2.001914", "--cccd-qr", stripped, now=NOW), "name")
    assert row_counts(engine) == before
    code = ok(cli("receive", "--procedure", "2.001914", "--cccd-qr", stripped,
                  "--name", "Nguyễn Thị Ánh", now=NOW)).out.strip()
    d = show(cli, code)
    # digits-only fields and the sex (digit 4 of the number) are kept; the address is not
    assert (d["id_number"], d["birth_date"], d["sex"], d["address"]) == (
        ID_F, "1990-05-17", "female", None)


def test_bad_card_qr_exits_2_one_line_nothing_written(cli: Runner) -> None:
    engine = make_engine(cli.db, create=False)  # type: ignore[arg-type]
    before = row_counts(engine)
    parts = CARD.split("|")
    bad = {
        "cccd_qr": "|".join(parts[:4]),                                      # truncated
        "id_number": CARD.replace(ID_F, "999" + ID_F[3:]),                   # no such province
    }
    for field, text in bad.items():
        refused(cli("receive", "--procedure", "2.001914", "--cccd-qr", text, now=NOW), field)
    forged_year = CARD.replace("17051990", "17051991")                       # digits 5-6
    refused(cli("receive", "--procedure", "2.001914", "--cccd-qr", forged_year, now=NOW),
            "id_number")
    wrong_sex = CARD.replace("|Nữ|", "|Nam|")                                # digit 4 says female
    refused(cli("receive", "--procedure", "2.001914", "--cccd-qr", wrong_sex, now=NOW),
            "cccd_qr")
    refused(cli("receive", "--procedure", "2.001914", "--cccd-qr", "hello", now=NOW),
            "cccd_qr")
    refused(cli("receive", "--procedure", "2.001914", "--name", "Trần Văn Bình",
                "--sex", "other", now=NOW), "sex")
    assert row_counts(engine) == before


def _qr_of(cli: Runner, code: str, tmp: Path, *extra: str) -> tuple[str, Path]:
    pdf = tmp / f"{code}.pdf"
    ok(cli("receipt", code, "--out", str(pdf), *extra))
    subprocess.run(["pdftoppm", "-r", "200", "-f", "1", "-l", "1", "-png", str(pdf),
                    str(tmp / code)], check=True)
    png = next(tmp.glob(f"{code}*.png"))
    found = {r.format.name: r.text for r in zxingcpp.read_barcodes(Image.open(png))}
    assert found["Code128"] == code          # the Code 128 still reads beside the QR
    return found["QRCode"], png


def test_every_receipt_carries_a_signed_qr_that_verify_checks(cli: Runner, tmp_path: Path) -> None:
    cli.now = NOW     # printing and rotating are recorded: one clock for the whole story
    code = ok(cli("receive", "--procedure", "2.001914", "--cccd-qr", CARD,
                  "--received-at", "2026-02-13T10:00", now=NOW)).out.strip()
    text, png = _qr_of(cli, code, tmp_path)
    fields = text.split("|")
    # Thông tư 01/2023/TT-VPCP: code, procedure, masked ID, document, system, time, appointment
    assert fields[:8] == ["OSR1", code, "2.001914", "079******456", "GTN", "ONESTOP",
                          "20260213100000", "20260227100000"]
    assert ID_F not in text
    r = ok(cli("verify", "--file", str(png), "--json"))
    assert r.json["valid"] is True and r.json["reason"] == "genuine"
    assert (r.json["code"], r.json["issued_at"], r.json["unit_code"]) == (
        code, "2026-02-13T10:00:00+07:00", code.split("-")[0])
    line = ok(cli("verify", "--text", text)).out.strip()
    assert line.startswith("Giấy tiếp nhận thật") and "10:00 13/02/2026" in line
    # a later appointment written into the QR, another dossier's code: altered
    for forged in (text.replace("20260227100000", "20260306100000"),
                   text.replace(code, code[:-1] + "9")):
        r = cli("verify", "--text", forged, "--json")
        assert r.rc == 1 and r.json["valid"] is False and r.json["reason"] == "altered"
    key_id = fields[10]
    r = cli("verify", "--text", text.replace(key_id, "0" * 16), "--json")
    assert r.rc == 1 and r.json["reason"] == "unknown_key"
    r = cli("verify", "--text", "https://example.vn", "--json")
    assert r.rc == 1 and r.json["reason"] == "not_receipt"
    refused(cli("verify", "--file", str(tmp_path / "missing.png")), "file")

    # rotation: a new key signs the next receipts, the old receipt still verifies
    rot = ok(cli("receipt-key", "rotate", "--json")).json
    assert rot["old_key_id"] == key_id and rot["key_id"] != key_id
    ok(cli("verify", "--text", text))
    code2 = ok(cli("receive", "--procedure", "2.001914", "--name", "Trần Văn Bình",
                   now=NOW)).out.strip()
    text2, _png = _qr_of(cli, code2, tmp_path)
    assert text2.split("|")[10] == rot["key_id"]
    ok(cli("verify", "--text", text2))

    # the appointment moved: the old slip is genuine but no longer the appointment
    ok(cli("event", code, "reschedule", "--reason", "Cần xác minh", "--new-due",
           "2026-03-12T10:00", now="2026-02-20T09:00:00+07:00"))
    r = cli("verify", "--text", text, "--json")
    assert r.rc == 1 and r.json["reason"] == "appointment_changed"
