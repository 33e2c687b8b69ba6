"""Form versions by legal basis and date."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from onestop.printing import FORM_TEMPLATES, template_for

LAST_2018 = date(2025, 9, 14)
FIRST_2025 = date(2025, 9, 15)


@pytest.mark.parametrize(("kind", "old", "new"), [
    ("receipt", "01", "01"),
    ("supplement", "02", "02"),
    ("refusal", "03", "03"),
    ("apology", "04", "04"),
    ("control", "05", "06"),
    ("register", "06", "07"),
])
def test_numbers_change_on_15_september_2025(kind: str, old: str, new: str) -> None:
    before = template_for(kind, LAST_2018)  # type: ignore[arg-type]
    after = template_for(kind, FIRST_2025)  # type: ignore[arg-type]
    assert (before.number, before.legal_basis) == (old, "Thông tư số 01/2018/TT-VPCP")
    assert (after.number, after.legal_basis) == (new, "Thông tư số 03/2025/TT-VPCP")


def test_labels_and_form_line() -> None:
    assert template_for("apology", LAST_2018).title == "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"
    apology_2025 = template_for("apology", FIRST_2025)
    assert apology_2025.label == "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"
    assert template_for("receipt", date(2019, 3, 1)).form_line == (
        "Mẫu số 01 – Thông tư số 01/2018/TT-VPCP")


def test_datetime_uses_local_date() -> None:
    # 17:30 UTC on 14/9 is already 15/9 in Việt Nam.
    evening = datetime(2025, 9, 14, 17, 30, tzinfo=UTC)
    assert template_for("control", evening).number == "06"


def test_stop_notice_only_exists_from_2025() -> None:
    assert template_for("stop", FIRST_2025).number == "05"
    with pytest.raises(LookupError):
        template_for("stop", LAST_2018)


def test_no_overlap() -> None:
    for kind in {t.kind for t in FORM_TEMPLATES}:
        for day in (date(2020, 1, 1), LAST_2018, FIRST_2025, date(2030, 1, 1)):
            matches = [t for t in FORM_TEMPLATES if t.kind == kind and t.applies_on(day)]
            assert len(matches) <= 1
