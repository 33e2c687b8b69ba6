"""Helpers for the printing tests: real poppler tools and a real barcode decoder."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.pdf import barcodes


def _pdftotext(pdf: bytes, tmp_path: Path, name: str = "out") -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
                            check=True, capture_output=True)
    return result.stdout.decode("utf-8")


def flat(text: str) -> str:
    """Collapse runs of whitespace (layout spacing, line ends) into single spaces."""
    return " ".join(text.split())


@pytest.fixture
def pdf_text(tmp_path: Path) -> Callable[[bytes], str]:
    """Extract the text of a PDF with ``pdftotext -layout``."""
    counter = iter(range(1000))
    return lambda pdf: _pdftotext(pdf, tmp_path, f"doc{next(counter)}")


@pytest.fixture
def pdf_column_text(tmp_path: Path) -> Callable[[bytes, float, float], str]:
    """Text of a vertical strip (x, width in points) of every page, via pdftotext's crop.

    Table cells wrap, and in layout mode neighbouring cells share text lines; cropping to a
    column gives the cell's lines alone, so a wrapped value reads back whole.
    """
    def run(pdf: bytes, x: float, width: float) -> str:
        path = tmp_path / "column.pdf"
        path.write_bytes(pdf)
        args = ["pdftotext", "-layout", "-enc", "UTF-8", "-x", str(int(x) + 1), "-y", "0",
                "-W", str(int(width) - 2), "-H", "2000", str(path), "-"]
        return subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")
    return run


@pytest.fixture
def pdf_info(tmp_path: Path) -> Callable[[bytes], dict[str, str]]:
    """Run ``pdfinfo`` and return its fields."""
    def run(pdf: bytes) -> dict[str, str]:
        path = tmp_path / "info.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdfinfo", "-enc", "UTF-8", str(path)], check=True,
                             capture_output=True).stdout.decode("utf-8")
        fields = {}
        for line in out.splitlines():
            key, _, value = line.partition(":")
            fields[key.strip()] = value.strip()
        return fields
    return run


@pytest.fixture
def decode_barcodes(tmp_path: Path) -> Callable[[bytes], list[list[str]]]:
    """Render every page at 200 dpi with pdftoppm and decode barcodes with zxing-cpp.

    Returns one list of decoded texts per page.
    """
    counter = iter(range(1000))

    def run(pdf: bytes) -> list[list[str]]:
        path = tmp_path / f"scan{next(counter)}.pdf"
        path.write_bytes(pdf)
        return barcodes(path, tmp_path)

    return run
