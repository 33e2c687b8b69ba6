"""Guards against a broken Qt binding.

PySide6 6.12.0 under CPython 3.11 returns ``None`` from void C++ calls without taking a
reference; the process aborts ("none_dealloc") after a few thousand calls — an hour at the
counter. pyproject pins PySide6 below 6.12; this test fails loudly if a broken build returns.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_calls_keep_the_reference_count_of_none(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("Tiếp nhận")
    assert abs(sys.getrefcount(None) - before) < 100
