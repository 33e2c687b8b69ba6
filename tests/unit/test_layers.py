"""The dependency rules of DESIGN.md §1 and STYLE.md, checked on the import statements.

* ``onestop.domain`` imports nothing else of ours (plain Python rules of the trade);
* nothing outside ``onestop.ui`` and the composition root ``onestop.app`` imports PySide6;
* ``onestop.ui`` never imports ``onestop.storage`` (widgets call services, never SQL);
* ``onestop.printing`` imports neither Qt nor the database.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[2] / "onestop"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules(sub: str = "") -> list[Path]:
    return sorted((PKG / sub).rglob("*.py"))


def _rel(path: Path) -> str:
    return path.relative_to(PKG.parent).as_posix()


@pytest.mark.parametrize("path", _modules("domain"), ids=_rel)
def test_domain_imports_nothing_of_ours(path: Path) -> None:
    ours = {m for m in _imports(path) if m.startswith("onestop") and
            not m.startswith("onestop.domain")}
    assert not ours, f"{_rel(path)} imports {ours}"


@pytest.mark.parametrize("path", _modules(), ids=_rel)
def test_qt_only_in_ui(path: Path) -> None:
    rel = _rel(path)
    if rel.startswith("onestop/ui/") or rel in ("onestop/app.py",):
        return
    qt = {m for m in _imports(path) if m.split(".")[0] in ("PySide6", "shiboken6")}
    assert not qt, f"{rel} imports {qt}"


@pytest.mark.parametrize("path", _modules("ui"), ids=_rel)
def test_ui_never_touches_storage(path: Path) -> None:
    bad = {m for m in _imports(path) if m.startswith("onestop.storage") or m == "sqlalchemy"
           or m.startswith("sqlalchemy.")}
    assert not bad, f"{_rel(path)} imports {bad}"


@pytest.mark.parametrize("path", _modules("printing"), ids=_rel)
def test_printing_has_no_database(path: Path) -> None:
    bad = {m for m in _imports(path) if m.startswith(("onestop.storage", "onestop.services",
                                                       "sqlalchemy", "PySide6"))}
    assert not bad, f"{_rel(path)} imports {bad}"
