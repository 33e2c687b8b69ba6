"""Tests for onestop.domain.validation and onestop.domain.messages."""

from __future__ import annotations

import pickle
import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop.domain import messages
from onestop.domain.messages import FIELD_LABELS, MESSAGES, SHORT_MESSAGES, label, message
from onestop.domain.validation import (
    PROVINCE_CODES,
    Collector,
    FieldError,
    ValidationError,
    choice,
    citizen_id,
    citizen_id_for,
    email,
    free_text,
    int_range,
    mask_citizen_id,
    mask_phone,
    org_name,
    parse_date,
    parse_instant,
    password,
    person_name,
    phone,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2025, 7, 15, 3, 0, tzinfo=UTC)  # 10:00 in Việt Nam

# Letters that only Vietnamese text has; one of them proves a message is Vietnamese.
_VIETNAMESE_MARKS = set("ăâđêôơưàáảãạầấẩẫậằắẳẵặèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


def assert_error(exc: pytest.ExceptionInfo[ValidationError], field: str, code: str) -> None:
    """Check the error's field/code and the shape of its user-facing text."""
    err = exc.value
    assert err.first.field == field
    assert err.first.code == code
    assert_vietnamese(err.first.message)
    assert str(err).startswith(f"{field}: ")
    assert unicodedata.is_normalized("NFC", err.first.message)


def assert_vietnamese(text: str) -> None:
    assert text.strip()
    assert "{" not in text and "}" not in text
    assert _VIETNAMESE_MARKS & set(text.lower()), text


def raises(
    fn: Callable[..., Any], *args: Any, err_field: str, err_code: str, **kwargs: Any
) -> None:
    """Call a validator and check the single error it must raise."""
    with pytest.raises(ValidationError) as exc:
        fn(*args, **kwargs)
    assert_error(exc, err_field, err_code)


# --------------------------------------------------------------------------
# Message catalogue
# --------------------------------------------------------------------------

REQUIRED_CODES = [
    "required", "too_long", "too_short", "control_chars", "invalid_chars", "id_number_format",
    "id_number_province", "id_number_century", "id_number_year", "phone_format", "email_format",
    "date_format", "date_impossible", "date_too_early", "date_future", "datetime_format",
    "datetime_future", "unknown_procedure", "unknown_dossier", "invalid_choice", "number_format",
    "number_range", "transition_not_allowed", "reschedule_once", "reschedule_not_later",
    "duplicate", "forbidden", "bad_credentials", "account_locked", "account_disabled",
    "database_unavailable", "not_found", "weak_password", "code_space_exhausted", "invalid_value",
]

REQUIRED_LABELS = [
    "name", "id_number", "birth_date", "phone", "email", "address", "org", "procedure", "channel",
    "sets", "document", "received_at", "at", "reason", "to", "missing", "new_due", "collector",
    "collector_id", "override_reason", "field", "value", "code", "username", "password",
    "full_name", "role", "days", "agency_code", "agency_name", "counter", "fee", "time_limit",
    "cutoff", "from", "to_date", "kind", "status", "file", "url",
]


@pytest.mark.parametrize("code", REQUIRED_CODES)
def test_every_required_code_renders_vietnamese(code: str) -> None:
    assert code in MESSAGES
    text = message(code, "name", max=10, min=2, expected="99", value="X", choices=["a", "b"],
                   kind="k", status="s", action="a", until="u", year=1999, minutes=5)
    assert_vietnamese(text)


def test_all_templates_are_nfc_and_end_with_a_full_stop() -> None:
    for code, template in [*MESSAGES.items(), *SHORT_MESSAGES.items()]:
        assert unicodedata.is_normalized("NFC", template), code
        assert template.endswith("."), code
        assert_vietnamese(message(code, "phone"))


def test_short_messages_replace_missing_details() -> None:
    assert set(SHORT_MESSAGES) <= set(MESSAGES)
    assert message("invalid_chars", "username") == "Tên đăng nhập chứa ký tự không được phép."
    assert message("invalid_chars", "name", chars="; <") == (
        "Họ và tên chứa ký tự không được phép: ; <."
    )
    assert message("invalid_value", "file") == "Tệp không hợp lệ."
    assert message("invalid_value", "file", detail="thiếu cột") == "Tệp không hợp lệ: thiếu cột."
    for code in SHORT_MESSAGES:
        assert "…" not in message(code, "phone"), code


@pytest.mark.parametrize("key", REQUIRED_LABELS)
def test_field_labels(key: str) -> None:
    assert FIELD_LABELS[key].strip()
    assert unicodedata.is_normalized("NFC", FIELD_LABELS[key])


def test_field_messages_name_the_field() -> None:
    field_codes = set(REQUIRED_CODES) - {
        "forbidden", "bad_credentials", "account_locked", "account_disabled",
        "database_unavailable", "code_space_exhausted", "reschedule_once",
    }
    for code in field_codes:
        assert "Số điện thoại" in message(code, "phone"), code
    assert "Lý do vượt quyền" in message("reschedule_once")


def test_message_fills_parameters() -> None:
    assert message("too_long", "name", max=100) == "Họ và tên quá dài (tối đa 100 ký tự)."
    assert message("id_number_format", "id_number") == (
        "Số định danh cá nhân/CCCD phải gồm đúng 12 chữ số."
    )
    assert "01/01/1900" in message("date_too_early", "birth_date", min=date(1900, 1, 1))
    assert "cán bộ, quản trị" in message("invalid_choice", "role", choices=["cán bộ", "quản trị"])


def test_message_unknown_code_and_missing_params_never_raise() -> None:
    assert_vietnamese(message("no_such_code"))
    assert_vietnamese(message("no_such_code", "phone"))
    assert "…" in message("too_long", "name")  # missing {max}
    assert message("required", "brand_new_field") == "brand_new_field không được để trống."


def test_label() -> None:
    assert label("phone") == "Số điện thoại"
    assert label("unknown_key") == "unknown_key"
    assert label(None) == "Giá trị"
    assert messages.label("email") == "Thư điện tử"


# --------------------------------------------------------------------------
# FieldError, ValidationError, Collector
# --------------------------------------------------------------------------


def test_field_error_is_hashable_and_has_message() -> None:
    err = FieldError("phone", "phone_format")
    assert hash(err) == hash(FieldError("phone", "phone_format", {"x": 1}))
    assert err.params == {}
    assert_vietnamese(err.message)


def test_validation_error_single_and_many() -> None:
    single = ValidationError("name", "too_long", max=100)
    assert single.first == FieldError("name", "too_long", {"max": 100})
    assert str(single) == "name: Họ và tên quá dài (tối đa 100 ký tự)."
    many = ValidationError.many(
        [FieldError("name", "required"), FieldError("phone", "phone_format")]
    )
    lines = str(many).split("\n")
    assert [line.split(": ", 1)[0] for line in lines] == ["name", "phone"]
    assert many.first.field == "name"
    with pytest.raises(ValueError):
        ValidationError.many([])


def test_validation_error_pickles_with_all_errors() -> None:
    many = ValidationError.many(
        [FieldError("a", "required"), FieldError("b", "too_long", {"max": 3})]
    )
    again = pickle.loads(pickle.dumps(many))
    assert again.errors == many.errors


def test_collector_reports_every_bad_field() -> None:
    c = Collector()
    name = c.check(person_name, "Nguyễn Văn An")
    bad_phone = c.check(phone, "123")
    with c.field():
        email("not-an-email")
    with c.field("collector_id"):
        citizen_id("12")
    c.add("to_date", "date_order", other="Từ ngày")
    assert name == "Nguyễn Văn An"
    assert bad_phone is None
    with pytest.raises(ValidationError) as exc:
        c.raise_if_any()
    assert [e.field for e in exc.value.errors] == ["phone", "email", "collector_id", "to_date"]
    assert str(exc.value).startswith("phone: ")


def test_collector_without_errors_does_not_raise() -> None:
    c = Collector()
    assert c.check(phone, "0912345678") == "0912345678"
    assert not c
    c.raise_if_any()


def test_collector_lets_other_exceptions_through() -> None:
    c = Collector()
    with pytest.raises(ZeroDivisionError), c.field("x"):
        1 / 0  # noqa: B018


# --------------------------------------------------------------------------
# Names and text
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        ("  nguyễn   thị\u00a0hoa ", "nguyễn thị hoa"),
        (unicodedata.normalize("NFD", "Phạm Thị Ngọc Ánh"), "Phạm Thị Ngọc Ánh"),
        ("O'Brien", "O'Brien"),
        ("O\u2019Brien", "O'Brien"),  # typographic apostrophe
        ("Jean-Pierre St. Clair", "Jean-Pierre St. Clair"),
        ("Hà", "Hà"),
        ("Ê Đê", "Ê Đê"),
        ("Łukasz Żółć", "Łukasz Żółć"),   # foreign Latin letters the fonts print
        ("Søren Ærø-Müller", "Søren Ærø-Müller"),
    ],
)
def test_person_name_valid(raw: str, expected: str) -> None:
    result = person_name(raw)
    assert result == expected
    assert unicodedata.is_normalized("NFC", result)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "required"),
        ("   ", "required"),
        (None, "required"),
        ("A", "too_short"),
        ("Nguyễn Văn 2", "invalid_chars"),
        ("Nguyễn 😀", "invalid_chars"),
        ("Trần ❤️ Hoa", "invalid_chars"),
        ("Robert'); DROP TABLE applicants;--", "invalid_chars"),
        ("x' OR '1'='1", "invalid_chars"),
        ("<script>alert(1)</script>", "invalid_chars"),
        ("Lê;Văn", "invalid_chars"),
        ("Nguyễn\u200fVăn", "control_chars"),
        ("Nguyễn\u202eVăn", "control_chars"),
        ("Nguyễn\u200bVăn", "control_chars"),
        ("Nguyễn\x00Văn", "control_chars"),
        ("\u200b", "control_chars"),
        ("'.-", "invalid_value"),
        ("A" * 101, "too_long"),
        ("Сергей Иванов", "other_script"),
        ("李小龍", "other_script"),
        ("Nguyễn Văn \u0410n", "mixed_scripts"),      # Cyrillic A
        ("Ｎguyễn", "lookalike_chars"),                # fullwidth N
        ("\u00d0inh Văn An", "lookalike_chars"),      # Icelandic eth for Đ
        ("\u014aguyen", "unprintable_chars"),         # Latin eng: not in the fonts
        ("Anh \u00ba", "invalid_chars"),               # ordinal sign: printable, not a letter
    ],
)
def test_person_name_invalid(raw: str | None, code: str) -> None:
    raises(person_name, raw, err_field="name", err_code=code)


def test_person_name_optional_and_custom_field() -> None:
    assert person_name("  ", field="collector", required=False) is None
    raises(person_name, "B0b", field="collector", err_field="collector", err_code="invalid_chars")
    with pytest.raises(ValidationError) as exc:
        person_name("A;B")
    assert ";" in exc.value.first.message


@pytest.mark.parametrize(
    "raw",
    [
        "Trường THPT Chuyên Lê Hồng Phong",
        "Công ty TNHH A & B (Việt Nam)",
        'Hội "Khuyến học" tỉnh Quảng Ninh, chi hội số 3/2',
        "Sở Giáo dục và Đào tạo \u2013 Phòng KT&KĐCLGD",  # en dash
    ],
)
def test_org_name_valid(raw: str) -> None:
    assert org_name(raw) == raw


def test_org_name_invalid_and_optional() -> None:
    assert org_name(None) is None
    assert org_name("  ") is None
    raises(org_name, "ACME <b>", err_field="org", err_code="invalid_chars")
    raises(org_name, "Trường\u202e", err_field="org", err_code="control_chars")
    raises(org_name, "x" * 201, err_field="org", err_code="too_long")
    raises(org_name, "", err_field="org", err_code="required", required=True)


def test_refusals_name_the_script_and_what_to_type() -> None:
    with pytest.raises(ValidationError) as exc:
        person_name("Trần Thị H\u0430nh")
    assert "Kirin" in exc.value.first.message and "\u0430 → a" in exc.value.first.message
    with pytest.raises(ValidationError) as exc:
        person_name("สมชาย")
    assert "chữ Thái" in exc.value.first.message and "Ghi chú" in exc.value.first.message
    with pytest.raises(ValidationError) as exc:
        free_text("Số ２", "address", 50)
    assert "２ → 2" in exc.value.first.message


def test_free_text_printed_and_not_printed() -> None:
    raises(free_text, "Tên gốc: 李小龍", "reason", 100, err_field="reason",
           err_code="other_script")
    raises(free_text, "Giấy\n申请书", "reason", 100, multiline=True, err_field="reason",
           err_code="other_script")
    assert free_text("Tên gốc: 李小龍", "notes", 100, printed=False) == "Tên gốc: 李小龍"
    assert free_text("Giá 20.000₫ – «bản sao»", "reason", 100) == "Giá 20.000₫ – «bản sao»"
    raises(free_text, "a\u202eb", "notes", 100, printed=False, err_field="notes",
           err_code="control_chars")


def test_free_text_single_and_multiline() -> None:
    assert free_text("  Thiếu\n bản  sao ", "reason", 100) == "Thiếu bản sao"
    assert free_text("", "reason", 100) is None
    assert free_text("Dòng 1 \r\n  Dòng 2\n", "reason", 100, multiline=True) == "Dòng 1\nDòng 2"
    raises(free_text, "a\x07b", "reason", 100, multiline=True,
           err_field="reason", err_code="control_chars")
    raises(free_text, "a\u2066b", "reason", 100, err_field="reason", err_code="control_chars")
    raises(free_text, "abcdef", "reason", 5, err_field="reason", err_code="too_long")
    raises(free_text, None, "reason", 5, required=True, err_field="reason", err_code="required")
    raises(free_text, 12, "reason", 5, err_field="reason", err_code="invalid_value")


# --------------------------------------------------------------------------
# Citizen ID
# --------------------------------------------------------------------------


def test_province_codes() -> None:
    assert len(PROVINCE_CODES) == 63
    assert {"001", "031", "035", "048", "079", "096"} <= PROVINCE_CODES
    assert "003" not in PROVINCE_CODES and "097" not in PROVINCE_CODES


@pytest.mark.parametrize(
    ("raw", "birth", "expected"),
    [
        ("035199000123", date(1999, 5, 1), "035199000123"),  # worked example: Hà Nam, female
        ("079203001234", date(2003, 1, 2), "079203001234"),
        ("001085012345", date(1985, 12, 31), "001085012345"),
        (" 079 203 001 234 ", None, "079203001234"),
        ("048301999999", date(2001, 1, 1), "048301999999"),
        ("096400000001", date(2100, 6, 1), "096400000001"),
    ],
)
def test_citizen_id_valid(raw: str, birth: date | None, expected: str) -> None:
    assert citizen_id(raw, birth_date=birth) == expected


@pytest.mark.parametrize(
    ("raw", "birth", "code"),
    [
        ("07920300123", None, "id_number_format"),
        ("0792030012345", None, "id_number_format"),
        ("07920300123a", None, "id_number_format"),
        ("".join(chr(0xFEE0 + ord(d)) for d in "079203001234"), None, "id_number_format"),
        ("079-203-001-234", None, "id_number_format"),
        ("003203001234", None, "id_number_province"),
        ("097203001234", None, "id_number_province"),
        ("000203001234", None, "id_number_province"),
        ("079003001234", date(2003, 1, 1), "id_number_century"),  # 0 = 1900s
        ("079203001234", date(1903, 1, 1), "id_number_century"),
        ("079403001234", date(2003, 1, 1), "id_number_century"),
        ("079204001234", date(2003, 1, 1), "id_number_year"),
        ("035198000123", date(1999, 5, 1), "id_number_year"),
        ("079203\u200b001234", None, "control_chars"),
    ],
)
def test_citizen_id_invalid(raw: str, birth: date | None, code: str) -> None:
    raises(citizen_id, raw, birth_date=birth, err_field="id_number", err_code=code)


def test_citizen_id_year_message_names_expected_digits() -> None:
    with pytest.raises(ValidationError) as exc:
        citizen_id("079204001234", birth_date=date(2003, 1, 1))
    assert "(03)" in exc.value.first.message
    assert "Số định danh cá nhân/CCCD" in exc.value.first.message


def test_citizen_id_empty_and_required() -> None:
    assert citizen_id(None) is None
    assert citizen_id("   ") is None
    raises(citizen_id, "", required=True, err_field="id_number", err_code="required")
    raises(citizen_id, "12", field="collector_id", err_field="collector_id",
           err_code="id_number_format")


def test_citizen_id_for_examples() -> None:
    assert citizen_id_for("035", date(1999, 5, 1), True, 123) == "035199000123"
    assert citizen_id_for("079", date(2003, 1, 2), False, 1234) == "079203001234"
    with pytest.raises(ValueError):
        citizen_id_for("003", date(2000, 1, 1), False, 1)
    with pytest.raises(ValueError):
        citizen_id_for("079", date(1899, 1, 1), False, 1)
    with pytest.raises(ValueError):
        citizen_id_for("079", date(2000, 1, 1), False, 1_000_000)


@given(
    province=st.sampled_from(sorted(PROVINCE_CODES)),
    birth=st.dates(min_value=date(1900, 1, 1), max_value=date(2399, 12, 31)),
    female=st.booleans(),
    serial=st.integers(min_value=0, max_value=999_999),
)
def test_citizen_id_for_always_validates(
    province: str, birth: date, female: bool, serial: int
) -> None:
    number = citizen_id_for(province, birth, female, serial)
    assert citizen_id(number, birth_date=birth) == number
    assert int(number[3]) % 2 == int(female)


def test_masks() -> None:
    assert mask_citizen_id("079203001234") == "079******234"
    assert mask_phone("0912345678") == "0912***678"
    assert mask_phone("02438251234") == "0243****234"
    assert mask_phone("12") == "**"


# --------------------------------------------------------------------------
# Phone and e-mail
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("091-234-5678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("+84 (0) 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0084912345678", "0912345678"),
        ("(024) 3825 1234", "02438251234"),
        ("+84 24 3825 1234", "02438251234"),
        ("0203 3825 123", "02033825123"),
        ("0351234567", "0351234567"),
        ("0561234567", "0561234567"),
        ("0761234567", "0761234567"),
        ("0861234567", "0861234567"),
    ],
)
def test_phone_normalises(raw: str, expected: str) -> None:
    assert phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "123",
        "0112345678",  # no such prefix
        "0412345678",
        "091234567",  # too short
        "09123456789",  # mobile with 11 digits
        "021234567",  # landline too short
        "024382512345",  # landline too long
        "0912a45678",
        "0912+345678",
        "+1 202 555 0100",
    ],
)
def test_phone_invalid(raw: str) -> None:
    raises(phone, raw, err_field="phone", err_code="phone_format")


def test_phone_optional_required_and_controls() -> None:
    assert phone(None) is None
    assert phone("  ") is None
    raises(phone, "", required=True, err_field="phone", err_code="required")
    raises(phone, "0912\u202e345678", err_field="phone", err_code="control_chars")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("an.nguyen@Example.GOV.vn", "an.nguyen@example.gov.vn"),
        (" Hoa+so@sogd.edu.vn ", "Hoa+so@sogd.edu.vn"),
        ("a_b-c@d-e.f.vn", "a_b-c@d-e.f.vn"),
    ],
)
def test_email_valid(raw: str, expected: str) -> None:
    assert email(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "plain",
        "a@b",
        "a@@b.vn",
        "a b@c.vn",
        ".a@b.vn",
        "a..b@c.vn",
        "a@-b.vn",
        "a@b.v",
        "nguyễn@b.vn",
        "a@b.vn;DROP TABLE x",
        "x" * 65 + "@b.vn",
    ],
)
def test_email_invalid(raw: str) -> None:
    raises(email, raw, err_field="email", err_code="email_format")


def test_email_length_and_optional() -> None:
    assert email(None) is None
    raises(email, "a@" + "b" * 250 + ".vn", err_field="email", err_code="too_long")


# --------------------------------------------------------------------------
# Dates and instants
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2003-01-02", date(2003, 1, 2)),
        ("02/01/2003", date(2003, 1, 2)),
        ("2/1/2003", date(2003, 1, 2)),
        (" 29/02/2024 ", date(2024, 2, 29)),
        ("1900-01-01", date(1900, 1, 1)),
        (date(2003, 1, 2), date(2003, 1, 2)),
        (datetime(2003, 1, 2, 8, 30), date(2003, 1, 2)),
    ],
)
def test_parse_date_valid(raw: str | date, expected: date) -> None:
    assert parse_date(raw, "birth_date", max_date=date(2025, 7, 15)) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("2023-02-30", "date_impossible"),
        ("30/02/2023", "date_impossible"),
        ("2023-13-01", "date_impossible"),
        ("0000-01-01", "date_impossible"),
        ("2023/02/01", "date_format"),
        ("20230201", "date_format"),
        ("02-01-2003", "date_format"),
        ("hôm qua", "date_format"),
        ("2023-1-5", "date_format"),
        ("1899-12-31", "date_too_early"),
        ("31/12/1899", "date_too_early"),
        ("2025-07-16", "date_future"),
        ("", "required"),
        (None, "required"),
        ("2003-01-02\u200e", "control_chars"),
    ],
)
def test_parse_date_invalid(raw: str | None, code: str) -> None:
    raises(parse_date, raw, "birth_date", max_date=date(2025, 7, 15), err_field="birth_date",
           err_code=code)


def test_parse_date_messages_show_bounds() -> None:
    with pytest.raises(ValidationError) as exc:
        parse_date("1899-12-31", "birth_date")
    assert "01/01/1900" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        parse_date("2025-07-16", "birth_date", max_date=date(2025, 7, 15))
    assert "15/07/2025" in str(exc.value)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-07-15T08:30:00+07:00", datetime(2025, 7, 15, 1, 30, tzinfo=UTC)),
        ("2025-07-15T01:30:00Z", datetime(2025, 7, 15, 1, 30, tzinfo=UTC)),
        ("2025-07-15T08:30", datetime(2025, 7, 15, 1, 30, tzinfo=UTC)),  # naive = HCM
        ("2025-07-15 08:30:15", datetime(2025, 7, 15, 1, 30, 15, tzinfo=UTC)),
        ("2025-07-15T03:30:00+02:00", datetime(2025, 7, 15, 1, 30, tzinfo=UTC)),
        ("15/07/2025 08:30", datetime(2025, 7, 15, 1, 30, tzinfo=UTC)),
        ("2025-07-15T10:04:00+07:00", datetime(2025, 7, 15, 3, 4, tzinfo=UTC)),
        ("2000-01-01T00:00:00+07:00", datetime(1999, 12, 31, 17, tzinfo=UTC)),
        (datetime(2025, 7, 15, 8, 30), datetime(2025, 7, 15, 1, 30, tzinfo=UTC)),
        (
            datetime(2025, 7, 15, 8, 30, tzinfo=HCM),
            datetime(2025, 7, 15, 1, 30, tzinfo=UTC),
        ),
    ],
)
def test_parse_instant_valid(raw: str | datetime, expected: datetime) -> None:
    result = parse_instant(raw, "received_at", HCM, now=NOW)
    assert result == expected
    assert result.tzinfo is UTC


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("2025-07-15T10:06:00+07:00", "datetime_future"),
        ("2025-07-15T03:06:00Z", "datetime_future"),
        ("2026-01-01T00:00", "datetime_future"),
        ("9999-12-31T23:59:59-12:00", "datetime_future"),
        ("1999-12-31T23:59:59+07:00", "date_too_early"),
        ("0001-01-01T00:00:00+01:00", "date_too_early"),
        ("2025-07-15", "datetime_format"),
        ("2025-07-15T25:00", "datetime_format"),
        ("15/07/2025 25:00", "datetime_format"),
        ("yesterday", "datetime_format"),
        ("2023-02-30T10:00:00+07:00", "date_impossible"),
        ("30/02/2023 10:00", "date_impossible"),
        ("", "required"),
        ("2025-07-15T08:30\u202e", "control_chars"),
    ],
)
def test_parse_instant_invalid(raw: str, code: str) -> None:
    raises(parse_instant, raw, "received_at", HCM, now=NOW, err_field="received_at", err_code=code)


def test_parse_instant_custom_max_future_and_default_now() -> None:
    soon = NOW + timedelta(minutes=30)
    assert parse_instant(soon, "at", HCM, now=NOW, max_future=timedelta(hours=1)) == soon
    with pytest.raises(ValidationError) as exc:
        parse_instant(soon, "at", HCM, now=NOW)
    assert "5 phút" in exc.value.first.message
    recent = datetime.now(UTC) - timedelta(seconds=1)
    assert parse_instant(recent.isoformat(), "at", HCM) == recent


# --------------------------------------------------------------------------
# Choices, numbers, passwords
# --------------------------------------------------------------------------


def test_choice() -> None:
    roles = ("clerk", "admin")
    assert choice(" clerk ", "role", roles) == "clerk"
    raises(choice, "root", "role", roles, err_field="role", err_code="invalid_choice")
    raises(choice, "", "role", roles, err_field="role", err_code="required")
    with pytest.raises(ValidationError) as exc:
        choice("root", "role", iter(roles))
    assert "clerk, admin" in exc.value.first.message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("3", 3), (" 10 ", 10), ("+1", 1), ("007", 7), (5, 5), ("1", 1)],
)
def test_int_range_valid(raw: str | int, expected: int) -> None:
    assert int_range(raw, "sets", 1, 10) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("0", "number_range"),
        ("11", "number_range"),
        ("-1", "number_range"),
        (11, "number_range"),
        ("9" * 100_000, "number_range"),
        ("1" + "0" * 5000, "number_range"),
        ("abc", "number_format"),
        ("1.5", "number_format"),
        ("1e3", "number_format"),
        ("٣", "number_format"),  # Arabic-Indic digit
        (1.0, "number_format"),
        (True, "number_format"),
        ("", "required"),
    ],
)
def test_int_range_invalid(raw: Any, code: str) -> None:
    raises(int_range, raw, "sets", 1, 10, err_field="sets", err_code=code)


def test_int_range_negative_bounds() -> None:
    assert int_range("-5", "days", -10, 10) == -5
    raises(int_range, "-11", "days", -10, 10, err_field="days", err_code="number_range")


@pytest.mark.parametrize("raw", ["Matkhau2025", "mật khẩu dài!", "ABCDEFG1", "abcdefg!"])
def test_password_valid(raw: str) -> None:
    assert password(raw) == raw


def test_password_is_nfc_and_keeps_spaces() -> None:
    assert password(unicodedata.normalize("NFD", " Mật khẩu 1 ")) == " Mật khẩu 1 "


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("Ab1", "weak_password"),
        ("abcdefgh", "weak_password"),
        ("12345678", "weak_password"),
        ("ABCDEFGHIJ", "weak_password"),
        ("", "required"),
        (None, "required"),
        ("Abcdefg1\u200b", "control_chars"),
        ("A1" * 200, "too_long"),
    ],
)
def test_password_invalid(raw: str | None, code: str) -> None:
    raises(password, raw, err_field="password", err_code=code)


def test_password_message_mentions_minimum() -> None:
    with pytest.raises(ValidationError) as exc:
        password("abc", field="new_password", min_len=12)
    assert "12 ký tự" in exc.value.first.message
    assert exc.value.first.message.startswith("Mật khẩu mới")
