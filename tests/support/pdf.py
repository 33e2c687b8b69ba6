"""Reading printed output back with real tools: poppler's pdftotext/pdftoppm/pdfinfo and the
zxing-cpp barcode decoder (the one decoder of the tests)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import zxingcpp
from PIL import Image


def text(pdf: Path) -> str:
    """The text of a PDF in reading order, whitespace runs collapsed to one space.

    A value wrapped at a hyphen (a dossier code in a narrow column) is joined again.
    """
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                         capture_output=True).stdout.decode("utf-8")
    return re.sub(r"-\s+(?=\d)", "-", " ".join(out.split()))


def info(pdf: Path) -> dict[str, str]:
    """``pdfinfo`` fields (Pages, Page size, …)."""
    out = subprocess.run(["pdfinfo", "-enc", "UTF-8", str(pdf)], check=True,
                         capture_output=True).stdout.decode("utf-8")
    pairs = (line.partition(":") for line in out.splitlines())
    return {k.strip(): v.strip() for k, _, v in pairs}


def page_width_mm(pdf: Path) -> float:
    """Width of the first page in millimetres."""
    width = float(info(pdf)["Page size"].split()[0])
    return width / 72 * 25.4


def barcodes(pdf: Path, workdir: Path) -> list[list[str]]:
    """Render every page at 200 dpi (``pdftoppm -r 200``) and decode its barcodes."""
    prefix = workdir / f"{pdf.stem}-scan"
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(pdf), str(prefix)], check=True)
    pages = []
    for png in sorted(workdir.glob(f"{prefix.name}-*.png")):
        with Image.open(png) as image:
            pages.append([r.text for r in zxingcpp.read_barcodes(image)])
    return pages


def receipt_codes(pdf: Path, workdir: Path, code: str) -> list[list[str]]:
    """The Code 128 of every page of a printed receipt. The signed QR beside it (``OSR1|…``,
    domain.receipt_qr) is decoded too where the rendering allows: it must then name the same
    dossier, and it is left out of what is returned."""
    pages = barcodes(pdf, workdir)
    for page in pages:
        assert all(t == code or t.startswith(f"OSR1|{code}|") for t in page), page
    return [[t for t in page if not t.startswith("OSR1|")] for page in pages]


def column_lines(pdf: Path, x: float, width: float) -> list[str]:
    """The lines of a vertical strip of every page (``pdftotext -layout`` with a crop box).

    Table cells wrap, and neighbouring cells share text lines; a column read alone gives the
    cell's own lines, so a code wrapped after a hyphen can be joined back.
    """
    args = ["pdftotext", "-layout", "-enc", "UTF-8", "-x", str(int(x) + 1), "-y", "0",
            "-W", str(int(width) - 2), "-H", "2000", str(pdf), "-"]
    out = subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")
    return [line.strip() for line in out.replace("-\n", "-").splitlines() if line.strip()]
