"""The bad-input corpus: what clerks, pasted text, scanners and import files really send.

Each :class:`Bad` case is one operation with exactly one bad field, and the field the error
must name. ``test_bad_input.py`` drives every case through the services and the cases marked
``cli`` through ``python -m onestop`` as well. :data:`ACCEPTED` lists inputs that look odd but
are valid (decomposed Vietnamese, mixed normalisation) and must be stored in NFC.

Operations: ``receive`` (fields of ReceiveRequest over :data:`RECEIVE_OK`), ``event`` (an
EventRequest on a seeded dossier), ``correct``, ``import`` (a CSV file's bytes), ``user``
(add an account), ``calendar`` (set an override), ``due`` (preview), ``settings`` (agency
settings) and ``init`` (identity flags).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

AGENCY = "000.00.15.H36"
PROCESSING = f"{AGENCY}-260302-0100"   # seeded: transferred
RECEIVED = f"{AGENCY}-260302-0101"     # seeded: just received
RECEIVE_OK: dict[str, Any] = {"procedure": "2.001914", "name": "Nguyễn Văn An"}
USER_OK: dict[str, Any] = {"username": "thu.ha", "role": "officer",
                           "full_name": "Phạm Thu Hà", "password": "Mot-mat-khau-2026"}
CAL_OK: dict[str, Any] = {"day": "2026-03-20", "kind": "off", "name": "Nghỉ bù"}
DUE_OK: dict[str, Any] = {"received_at": "2026-03-02T09:00", "days": "5"}
HEADER = "code,name,days,fee_vnd,cutoff,documents\n"


@dataclass(frozen=True)
class Bad:
    """One bad input: ``op`` with ``values`` must fail naming ``field`` and write nothing."""

    op: str
    field: str
    values: dict[str, Any]
    label: str
    cli: bool = True
    code: str | None = None   # the message code, where the case is about one in particular

    @property
    def id(self) -> str:
        return f"{self.op}-{self.field}-{self.label}"

    @property
    def cli_ok(self) -> bool:
        """Whether argv can carry the values (no NUL, no lone surrogate)."""
        texts = [v for v in self.values.values() if isinstance(v, str)]
        return self.cli and all("\x00" not in t and _encodable(t) for t in texts)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


CASES: list[Bad] = []


def group(op: str, name: str, cli: bool = True, code: str | None = None,
          **cases: dict[str, Any] | str) -> None:
    """Add cases of ``op`` whose bad field is ``name``; a plain string is that field's value."""
    for label, value in cases.items():
        values = value if isinstance(value, dict) else {name: value}
        CASES.append(Bad(op, name, values, label, cli, code))


# --- citizen ID numbers -------------------------------------------------------------------
group("receive", "id_number",
      short="12345", thirteen="0790900012345", eleven="07909000123", letters="abcdefghijkl",
      trailing_letter="07909000123a", bad_province="000090001234", unknown_province="999090001234",
      fullwidth="０７９０９０００１２３４", arabic_digits="٠٧٩٠٩٠٠٠١٢٣٤",
      dashes="079-090-001234", zero_width="079090001234\u200b", negative="-79090001234",
      sql="079090001234; DROP TABLE dossier", tautology="' OR '1'='1", exponent="7.9e11",
      letter_o="079O90001234",
      century={"id_number": "079090001234", "birth_date": "2001-01-01"},
      year={"id_number": "079190001234", "birth_date": "1991-05-01"})

# --- phone numbers --------------------------------------------------------------------------
group("receive", "phone",
      short="123", old_prefix="0123456789", seven_digits="0912345", too_many="09123456789012",
      foreign="+1 202 555 0100", word="điện thoại", letter="0912-345-67a",
      fullwidth="０９１２３４５６７８", rlo="0912345678\u202e", plus_only="+84",
      zeros="0000000000", bad_mobile_prefix="0612345678", over_long="0912345678" * 5,
      extension="0912 345 678 ext 12", eleven_mobile="(+84) 912 345 678 9",
      shell="0912345678; rm -rf /", subshell="$(reboot)")

# --- e-mail addresses -----------------------------------------------------------------------
group("receive", "email",
      bare="a", no_domain="a@", no_local="@b.vn", no_tld="a@b", space="a b@c.vn",
      double_dot_domain="a@b..vn", hyphen_label="a@-b.vn", double_dot_local="a..b@c.vn",
      leading_dot=".a@b.vn", one_letter_tld="a@b.v", accented_local="ạ@b.vn",
      idn="a@bü.vn", long_local="x" * 65 + "@b.vn", over_long="a@" + "b" * 250 + ".vn",
      zero_width="a@b.vn\u200b", html="a@b.vn<script>", header_injection="a@b.vn\nBcc: x@y.vn",
      sql="'; DROP TABLE app_user;--@x.vn")

# --- dates ------------------------------------------------------------------------------------
group("receive", "birth_date",
      feb_31="31/02/1990", feb_29_common="2023-02-29", month_13="2024-13-01", day_0="00/01/1990",
      before_1900="1899-12-31", year_1="0001-01-01", year_9999="9999-12-31", future="2030-01-01",
      tomorrow="2026-03-03", slashes_iso="1990/05/17", dashes_vn="17-05-1990", dots="17.05.1990",
      word="hôm qua", one_digit_month="1990-5-17", compact="19900517",
      with_time="1990-05-17T00:00", arabic_digits="٢٠٢٠-٠١-٠١")
group("receive", "received_at",
      future="2030-01-01T08:00", before_2000="1999-12-31T23:00", feb_30="2026-02-30T08:00",
      bare_date="2026-03-02", word="yesterday", hour_25="2026-03-02T25:00",
      end_of_time="9999-12-31T23:59:59+14:00", start_of_time="0001-01-01T00:00-12:00",
      offset_25h="2026-03-02T08:00+25:00")

# --- names and free text -------------------------------------------------------------------
group("receive", "name",
      empty="", spaces="   ", one_letter="A", over_long="Nguyễn " * 20, digits="Nguyễn Văn 3",
      emoji="Nguyễn 😀", flag="Nguyễn Văn An 🇻🇳", sql="Robert'); DROP TABLE dossier;--",
      html="<script>alert(1)</script>", subshell="$(rm -rf /)", backticks="`reboot`",
      rlo="Nguyễn\u202eVăn", rlm="Nguyễn\u200fVăn", zwsp="Nguyễn\u200bVăn", nul="An\x00Bình",
      escape="An\x1b[31mBình", bell="An\x07Bình", line_separator="An\u2028Bình",
      punctuation_only="---", quotes_only="''", variation_selector="Nguyễn Văn An\ufe0f",
      zalgo="Z" + "\u0301" * 120, arabic_digits="Nguyễn ١٢٣", printf="%s%s%n",
      template="{label}", bom="\ufeffNguyễn Văn An", lone_surrogate="Nguyễn \ud800")
group("receive", "org", html="Công ty <b>ABC</b>", over_long="C" * 201, emoji="Công ty 🚀",
      control="Công ty\x1bABC")
group("receive", "address", over_long="Số 1 đường Trần Phú " * 20, control="Số 1\x1b[2J",
      rlo="Số 1 \u202eđường")
group("receive", "notes", over_long="Ghi chú. " * 300, nul="Ghi chú\x00", rlo="Ghi \u202echú",
      escape="Ghi chú\x1b]0;pwned\x07")
group("receive", "reason",
      over_long={"refuse_reason": "Không đủ điều kiện. " * 60},
      control={"refuse_reason": "Lý do\x1b[31m"},
      refuse_empty={"refuse_reason": ""}, refuse_blank={"refuse_reason": " \t "})
group("receive", "document",
      empty_name={"documents": ["|1|0"]}, originals_word={"documents": ["Đơn|một"]},
      originals_100={"documents": ["Đơn|100"]}, copies_negative={"documents": ["Đơn|1|-1"]},
      fifty_one={"documents": [f"Giấy tờ số {i}" for i in range(51)]},
      control={"documents": ["Đơn\x1bđề nghị"]})
group("receive", "sets", zero="0", over="101", negative="-1", word="hai", decimal="1.5",
      huge="9" * 5000, exponent="1e3", empty="", fullwidth="２")
group("receive", "channel", fax="fax", upper="DIRECT", sql="direct' --")
group("receive", "procedure", unknown="9.999999", empty="", sql="'; DELETE FROM procedure;--",
      zero_width="2.001914\u200b", over_long="2.001914" * 6, tautology="1.005092 OR 1=1",
      traversal="../../etc/passwd", wildcard="2.%", lowercase_unknown="l.abcdef")

# --- workflow events (on the seeded dossiers) -----------------------------------------------
EV = {"code": RECEIVED}
group("event", "kind", unknown={**EV, "kind": "explode"}, cli=False)
group("event", "kind", return_too_early={**EV, "kind": "return", "collector": "Nguyễn Văn An"},
      supplement_received_unasked={**EV, "kind": "supplement-received"})
group("event", "to", missing={**EV, "kind": "transfer"},
      over_long={**EV, "kind": "transfer", "to": "Phòng " * 50},
      control={**EV, "kind": "transfer", "to": "Phòng\x1bA"})
group("event", "missing", none={**EV, "kind": "supplement-request"},
      control={**EV, "kind": "supplement-request", "missing": ["Bản sao\u202e"]})
group("event", "new_due",
      missing={**EV, "kind": "reschedule", "reason": "Chờ xác minh"},
      far_future={**EV, "kind": "reschedule", "reason": "Chờ", "new_due": "2040-01-01T10:00"},
      impossible={**EV, "kind": "reschedule", "reason": "Chờ", "new_due": "2026-02-30T10:00"},
      word={**EV, "kind": "reschedule", "reason": "Chờ", "new_due": "tuần sau"},
      not_later={**EV, "kind": "reschedule", "reason": "Chờ", "new_due": "2026-03-03T10:00"})
group("event", "reason", missing={**EV, "kind": "note"},
      over_long={**EV, "kind": "note", "reason": "Ghi chú dài. " * 100},
      rlo={**EV, "kind": "refuse", "reason": "Không \u202eđủ"})
group("event", "collector",
      digits={"code": PROCESSING, "kind": "return", "collector": "123"})
group("event", "at", future={**EV, "kind": "note", "reason": "x", "at": "2030-01-01T10:00"},
      before_receipt={**EV, "kind": "note", "reason": "x", "at": "2026-03-01T08:00"},
      word={**EV, "kind": "note", "reason": "x", "at": "bây giờ"})

# --- corrections of a saved dossier ---------------------------------------------------------
CO = {"code": RECEIVED, "reason": "Công dân báo sai"}
group("correct", "field", unknown={**CO, "field": "status", "value": "returned"},
      empty={**CO, "field": "", "value": "x"})
group("correct", "value", bad_name={**CO, "field": "name", "value": "N0 N4me"},
      bad_phone={**CO, "field": "phone", "value": "12345"},
      future_birth={**CO, "field": "birth_date", "value": "2099-01-01"},
      impossible_birth={**CO, "field": "birth_date", "value": "30/02/1990"},
      sets_zero={**CO, "field": "sets", "value": "0"},
      bad_channel={**CO, "field": "channel", "value": "fax"},
      empty_name={**CO, "field": "name", "value": ""})
group("correct", "reason", empty={**CO, "field": "phone", "value": "0912000111", "reason": ""},
      control={**CO, "field": "phone", "value": "0912000111", "reason": "Sửa\x1b"})

# --- catalogue CSV files (bytes) ----------------------------------------------------------------
def _csv(*rows: str, header: str = HEADER) -> bytes:
    return (header + "".join(r + "\n" for r in rows)).encode("utf-8")


group("import", "file",
      cp1258={"data": HEADER.encode() + b"9.000001,C\xe2\xecp b\xe2\xf2ng,5,,,\n"},
      utf16={"data": (HEADER + "9.000001,Cấp bằng,5,,,\n").encode("utf-16")},
      missing_columns={"data": _csv("9.000001,Cấp bằng", header="code,title\n")},
      semicolons={"data": _csv("9.000001;Cấp bằng;5", header="code;name;days\n")},
      empty={"data": b""}, header_only={"data": _csv()}, bom_only={"data": b"\xef\xbb\xbf"},
      binary={"data": b"\x89PNG\r\n\x1a\n" + bytes(range(256))},
      huge_line={"data": _csv("9.000001," + "A" * 200_000 + ",5,,,")},
      unterminated_quote={"data": _csv('9.000001,"Cấp bằng,5,,,')},
      missing_file={"data": None}, directory={"data": "dir"})
group("import", "code[3]", duplicate_in_file={"data": _csv("9.000001,Một,5,,,",
                                                           "9.000001,Hai,5,,,")})
group("import", "code[2]", existing={"data": _csv("2.001914,Trùng mã,5,,,")},
      malformed={"data": _csv("1.23,Mã sai,5,,,")},
      sql={"data": _csv("1.000001'--,Mã sai,5,,,")})
group("import", "days[2]", word={"data": _csv("9.000001,Thủ tục,năm,,,")},
      negative={"data": _csv("9.000001,Thủ tục,-1,,,")},
      over_a_year={"data": _csv("9.000001,Thủ tục,366,,,")},
      huge={"data": _csv("9.000001,Thủ tục," + "9" * 400 + ",,,")})
group("import", "fee_vnd[2]", exponent={"data": _csv("9.000001,Thủ tục,5,1e99,,")},
      negative={"data": _csv("9.000001,Thủ tục,5,-500,,")})
group("import", "cutoff[2]", hour_25={"data": _csv("9.000001,Thủ tục,5,,25:00,")},
      word={"data": _csv("9.000001,Thủ tục,5,,trưa,")})
group("import", "name[2]", empty={"data": _csv("9.000001,,5,,,")},
      over_long={"data": _csv("9.000001," + "Thủ tục " * 70 + ",5,,,")},
      escape={"data": _csv("9.000001,Thủ\x1btục,5,,,")},
      nul={"data": _csv("9.000001,Thủ\x00tục,5,,,")},
      two_letters={"data": _csv("9.000001,Ab,5,,,")})
group("import", "documents[2]", over_long={"data": _csv("9.000001,Thủ tục,5,,," + "Đơn" * 200)})

# --- accounts -----------------------------------------------------------------------------------
group("user", "username", one_letter={**USER_OK, "username": "a"},
      space={**USER_OK, "username": "thu ha"}, accented={**USER_OK, "username": "người"},
      sql={**USER_OK, "username": "admin'--"}, over_long={**USER_OK, "username": "u" * 65},
      empty={**USER_OK, "username": ""}, duplicate={**USER_OK, "username": "canbo"})
group("user", "role", root={**USER_OK, "role": "root"}, upper={**USER_OK, "role": "ADMIN"})
group("user", "full_name", digits={**USER_OK, "full_name": "123"},
      html={**USER_OK, "full_name": "<b>Hà</b>"})
group("user", "password", short={**USER_OK, "password": "Ab1"},
      one_class={**USER_OK, "password": "abcdefghij"}, empty={**USER_OK, "password": ""},
      over_long={**USER_OK, "password": "Aa1" * 90},
      control={**USER_OK, "password": "Mat\x1bkhau-2026"})

# --- calendar overrides, due-date preview, agency settings, identity -----------------------
group("calendar", "date", feb_30={**CAL_OK, "day": "2026-02-30"},
      year_2101={**CAL_OK, "day": "2101-01-01"}, year_1899={**CAL_OK, "day": "1899-01-01"},
      word={**CAL_OK, "day": "ngày mai"})
group("calendar", "kind", holiday={**CAL_OK, "kind": "holiday"}, cli=False)
group("calendar", "name", empty={**CAL_OK, "name": ""}, over_long={**CAL_OK, "name": "Nghỉ " * 60},
      control={**CAL_OK, "name": "Nghỉ\x1b"})
group("due", "days", negative={**DUE_OK, "days": "-1"}, over={**DUE_OK, "days": "366"},
      word={**DUE_OK, "days": "năm"})
group("due", "procedure", unknown={"received_at": "2026-03-02T09:00", "procedure": "9.999999"})
group("due", "received_at", word={**DUE_OK, "received_at": "hôm qua"},
      too_far={**DUE_OK, "received_at": "2040-01-01T09:00"})
group("settings", "office_start", cli=False, hour_25={"office_start": "25:00"},
      word={"office_start": "sáng"}, after_end={"office_start": "18:00"})
group("settings", "office_end", cli=False, minutes_60={"office_end": "17:60"})
group("settings", "due_soon_days", cli=False, word={"due_soon_days": "một"},
      negative={"due_soon_days": -1})
group("settings", "resume_policy", cli=False, unknown={"resume_policy": "pause"})
group("settings", "max_reschedules", cli=False, huge={"max_reschedules": 10**20})
group("settings", "future_tolerance_minutes", cli=False, word={"future_tolerance_minutes": "x"})
group("settings", "lockout_failures", cli=False, zero={"lockout_failures": 0},
      boolean={"lockout_failures": True})
group("settings", "lockout_minutes", cli=False, negative={"lockout_minutes": -5})
group("settings", "clock_margin_minutes", cli=False, zero={"clock_margin_minutes": 0},
      over_a_week={"clock_margin_minutes": 10081})
group("settings", "colour", cli=False, unknown_key={"colour": "blue"})
group("settings", "office_start", cli=False, number={"office_start": 730})
group("settings", "name", cli=False, over_long={"name": "Sở " * 70}, empty={"name": " "})
group("settings", "phone", cli=False, over_long={"phone": "0263 " * 8})
group("settings", "place_name", cli=False, over_long={"place_name": "Đà Lạt " * 16})
group("settings", "unit_name", cli=False, control={"unit_name": "Bộ phận\u202e một cửa"})
group("init", "agency_code", other={"agency_code": "000.00.99.H99"},
      malformed={"agency_code": "H36; DROP"})
group("init", "counter", zero={"counter": "0"}, word={"counter": "một"},
      huge={"counter": "9" * 50})
group("init", "agency_name", over_long={"agency_name": "Sở " * 100})

# --- what the printed forms cannot show: other scripts, look-alikes, glyphs the font lacks ------
CYR_A, CYR_a, CYR_i, GREEK_o = "\u0410", "\u0430", "\u0456", "\u03bf"
group("receive", "name", code="other_script", chinese="李小龍", thai="สมชาย ใจดี",
      russian="Сергей Иванов", korean="김민준", japanese="やまだ たろう")
group("receive", "name", code="mixed_scripts", cyrillic_capital=f"Nguyễn Văn {CYR_A}n",
      cyrillic_small=f"Trần Thị H{CYR_a}nh", greek_omicron=f"Lê V{GREEK_o}")
group("receive", "name", code="lookalike_chars", fullwidth="Ｎｇｕｙễｎ Văn An",
      math_bold="\U0001d40dguyễn Văn An", eth="\u00d0inh Văn An")
group("receive", "name", code="unprintable_chars", latin_eng="\u014aguyễn Văn An",
      leftover_mark="\u00c4\u0301nh Lê", c_circumflex="Lê \u0109ường")
group("receive", "name", code="invalid_chars", ordinal="Nguyễn Văn A\u00aa",
      modifier_letter="Lê Văn \u02c6An")
group("receive", "org", code="other_script", chinese="公司 ABC Việt Nam")
group("receive", "org", code="mixed_scripts", cyrillic=f"Công ty {CYR_A}lpha")
group("receive", "address", code="other_script", thai="Số 2 ถนน Sukhumvit")
group("receive", "address", code="lookalike_chars", fullwidth_digit="Số ２ Hùng Vương")
group("receive", "address", code="unprintable_chars", emoji="Số 2 Hùng Vương 🏠")
group("receive", "document", code="other_script", chinese={"documents": ["申请书"]})
group("receive", "reason", code="other_script", chinese={"refuse_reason": "Thiếu 证明"})
group("event", "reason", code="mixed_scripts",
      cyrillic_i={**EV, "kind": "note", "reason": f"Đã gọ{CYR_i} điện"})
group("event", "collector", code="other_script",
      chinese={"code": PROCESSING, "kind": "return", "collector": "王小明"})
group("correct", "value", code="other_script", chinese={**CO, "field": "name", "value": "李小龍"})
group("user", "full_name", code="mixed_scripts",
      cyrillic={**USER_OK, "full_name": f"Phạm Thu H{CYR_a}"})
group("calendar", "name", code="other_script", chinese={**CAL_OK, "name": "春节"})
group("settings", "name", cli=False, code="lookalike_chars", fullwidth={"name": "Sở Ｇiáo dục"})
group("import", "name[2]", code="other_script", chinese={"data": _csv("9.000001,证书,5,,,")})

#: Settings files that cannot be read (``config.load`` raises SettingsError naming the file).
BROKEN_SETTINGS: dict[str, bytes] = {
    "syntax": b'[database\nurl = "sqlite:///x"\n',
    "wrong_type": '[ui]\nidle_lock_minutes = "mười"\n'.encode(),
    "not_a_table": b'database = "sqlite:///x"\n',
    "bad_utf8": b'[database]\nurl = "\xff\xfe"\n',
    "control_char": b'[database]\nurl = "a\x01b"\n',
    "binary": bytes(range(256)) * 4,
}

#: Files given as the database that are not SQLite databases (exit code 4, left untouched).
NOT_SQLITE: dict[str, bytes] = {
    "text": "Danh sách hồ sơ tháng 3\n".encode() * 200,
    "binary": bytes(range(256)) * 16,
    "png": b"\x89PNG\r\n\x1a\n" + bytes(4096),
    "zip": b"PK\x03\x04" + bytes(range(200)) * 10,
    "sqlite_header_garbage": b"SQLite format 3\x00" + b"\xff" * 8176,
}

#: Odd but valid input: accepted, and stored in NFC (what the value must read back as).
NAME = "Nguyễn Thị Ánh Tuyết"
ACCEPTED: list[tuple[str, str, dict[str, Any], str]] = [
    ("receive", "name_nfd", {"name": nfd(NAME)}, NAME),
    ("receive", "name_mixed", {"name": nfd("Nguyễn") + " Thị Ánh " + nfd("Tuyết")}, NAME),
    ("receive", "name_nbsp_tabs", {"name": "Nguyễn\u00a0Thị\tÁnh  Tuyết "}, NAME),
    ("receive", "name_curly_apostrophe", {"name": "K\u2019Nhơ Thị Ánh"}, "K'Nhơ Thị Ánh"),
    ("receive", "address_nfd", {"address": nfd("Số 2 Hùng Vương, Đà Lạt")},
     "Số 2 Hùng Vương, Đà Lạt"),
    ("receive", "org_nfd", {"org": nfd("Trường THPT Bùi Thị Xuân")}, "Trường THPT Bùi Thị Xuân"),
    ("receive", "notes_nfd", {"notes": nfd("Đã kiểm tra bản gốc\nHẹn trả sớm")},
     "Đã kiểm tra bản gốc\nHẹn trả sớm"),
    ("event", "reason_nfd", {"code": RECEIVED, "kind": "note", "reason": nfd("Đã gọi điện")},
     "Đã gọi điện"),
    ("user", "full_name_nfd", {**USER_OK, "full_name": nfd("Phạm Thu Hà")}, "Phạm Thu Hà"),
    ("receive", "name_foreign_latin", {"name": "Łukasz Żółć-Müller"}, "Łukasz Żółć-Müller"),
    ("receive", "notes_original_script", {"notes": "Tên gốc: 李小龍"}, "Tên gốc: 李小龍"),
    ("import", "name_nfd", {"data": _csv(nfd("9.000009,Cấp bản sao bằng tốt nghiệp,5,,,"))},
     "Cấp bản sao bằng tốt nghiệp"),
]
