"""Refresh ``resources/i18n/onestop_<lang>.ts`` and compile the ``.qm`` files.

1. ``pyside6-lupdate`` extracts every ``self.tr()`` / ``QCoreApplication.translate()`` string of
   ``onestop/ui`` and ``onestop/app.py`` (Vietnamese is the source language); translations
   already in the ``.ts`` are kept.
2. The core's Vietnamese catalogue (:mod:`onestop.domain.messages`: field labels, messages,
   status/timeliness/event/channel/role labels) is written into the ``DomainMessages``
   context, which the GUI looks up at run time (``onestop.ui.messages.tr_core``); lupdate
   cannot see those strings because they are not literals in the UI code.
3. ``pyside6-lrelease`` compiles each ``.ts`` into the ``.qm`` loaded at start-up.

Run after changing UI strings: ``python build_scripts/update_translations.py``; translate the
new (``type="unfinished"``) entries with Qt Linguist (``pyside6-linguist``) and run it again.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
I18N = REPO / "resources" / "i18n"
LANGUAGES = ("en",)
CONTEXT = "DomainMessages"
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    """The PySide6 tool beside this interpreter (the venv's), else from PATH."""
    candidate = BIN / name
    return str(candidate) if candidate.exists() else name


def catalogue_strings() -> list[str]:
    """Every user-facing string of the core catalogue, in a stable order, without repeats."""
    from onestop.domain import messages as m

    seen: dict[str, None] = {}
    for table in (m.FIELD_LABELS, m.MESSAGES, m.SHORT_MESSAGES, m.STATUS_LABELS,
                  m.TIMELINESS_LABELS, m.EVENT_LABELS, m.CHANNEL_LABELS, m.ROLE_LABELS,
                  m.STOP_GROUND_LABELS, m.OVERRIDE_KIND_LABELS, m.RATING_LABELS,
                  m.NOTICE_LABELS):
        for text in table.values():
            seen.setdefault(text, None)
    seen.setdefault(m.GENERIC_MESSAGE, None)
    return list(seen)


def _translations(root: ET.Element, context: str) -> dict[str, ET.Element]:
    out: dict[str, ET.Element] = {}
    for ctx in root.findall("context"):
        if ctx.findtext("name") == context:
            for msg in ctx.findall("message"):
                out[msg.findtext("source") or ""] = msg.find("translation")  # type: ignore[assignment]
    return out


def merge_catalogue(ts: Path, previous: dict[str, ET.Element]) -> int:
    """Rewrite the DomainMessages context of ``ts``; returns the unfinished count."""
    tree = ET.parse(ts)
    root = tree.getroot()
    for ctx in [c for c in root.findall("context") if c.findtext("name") == CONTEXT]:
        root.remove(ctx)
    ctx = ET.SubElement(root, "context")
    ET.SubElement(ctx, "name").text = CONTEXT
    unfinished = 0
    for text in catalogue_strings():
        msg = ET.SubElement(ctx, "message")
        ET.SubElement(msg, "source").text = text
        old = previous.get(text)
        tr = ET.SubElement(msg, "translation")
        if old is not None and (old.text or "") and old.get("type") not in ("unfinished",
                                                                             "obsolete"):
            tr.text = old.text
        else:
            tr.set("type", "unfinished")
            unfinished += 1
    ET.indent(tree, space="    ")
    body = ET.tostring(root, encoding="unicode")
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
                  encoding="utf-8")
    return unfinished


def update(lang: str) -> None:
    ts = I18N / f"onestop_{lang}.ts"
    previous: dict[str, ET.Element] = {}
    if ts.exists():
        previous = _translations(ET.parse(ts).getroot(), CONTEXT)
    sources = sorted(str(p.relative_to(REPO)) for p in (REPO / "onestop" / "ui").rglob("*.py"))
    sources.append("onestop/app.py")
    subprocess.run([tool("pyside6-lupdate"), *sources, "-ts", str(ts.relative_to(REPO)),
                    "-source-language", "vi", "-target-language", lang, "-no-obsolete",
                    "-locations", "none"], check=True, cwd=REPO)
    unfinished = merge_catalogue(ts, previous)
    root = ET.parse(ts).getroot()
    total = len(root.findall(".//message"))
    left = len(root.findall(".//translation[@type='unfinished']"))
    print(f"{ts.name}: {total} strings, {left} untranslated "
          f"({unfinished} in {CONTEXT})")
    subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))],
                   check=True, cwd=REPO)


def main() -> None:
    I18N.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        update(lang)


if __name__ == "__main__":
    main()
