"""The dependency rules of DESIGN.md §1 and STYLE.md, checked on the import statements.

* ``onestop.domain`` imports nothing else of ours (plain Python rules of the trade);
* nothing outside ``onestop.ui`` and the composition root ``onestop.app`` imports PySide6;
* ``onestop.ui`` never imports ``onestop.storage`` (widgets call services, never SQL);
* ``onestop.printing`` imports neither Qt nor the database;
* the layers of ``layers.toml`` (``entry → ui → sync → services → (storage, printing) → domain
  → base``), over the real import graph with imports inside functions counted: no module
  imports a higher layer, no two modules import each other through any chain, and an import
  inside a function is one that ``layers.toml`` allows (Qt, optional libraries, the GUI's lazy
  load of the sync, CLI handler bodies). The planted-package tests show the checker fails.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from dataclasses import dataclass, field
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


# --- the layer graph ------------------------------------------------------------------------

RULES = Path(__file__).with_name("layers.toml")


@dataclass(frozen=True)
class Import:
    """One import statement's edge: ``importer`` → ``target`` at ``line``."""

    importer: str
    target: str
    line: int
    lazy: bool  # inside a function body


@dataclass
class ImportGraph:
    """The modules of a package and every import between them (and of third-party modules)."""

    modules: dict[str, Path]
    imports: list[Import] = field(default_factory=list)

    @classmethod
    def build(cls, package: Path) -> ImportGraph:
        root = package.name
        modules: dict[str, Path] = {}
        for path in sorted(package.rglob("*.py")):
            parts = (root, *path.relative_to(package).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
        graph = cls(modules)
        for name, path in modules.items():
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            is_pkg = path.name == "__init__.py"
            graph._walk(name, is_pkg, tree.body, lazy=False)
        return graph

    def _walk(self, name: str, is_pkg: bool, body: list[ast.stmt], lazy: bool) -> None:
        for node in body:
            if isinstance(node, ast.If) and _is_type_checking(node.test):
                self._walk(name, is_pkg, node.orelse, lazy)  # annotations only: not counted
                continue
            if isinstance(node, ast.Import):
                for a in node.names:
                    self._add(name, a.name, node.lineno, lazy)
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(name, is_pkg, node)
                for a in node.names:
                    sub = f"{base}.{a.name}"
                    self._add(name, sub if sub in self.modules else base, node.lineno, lazy)
            inner = lazy or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            for child_body in _bodies(node):
                self._walk(name, is_pkg, child_body, inner)

    def _add(self, importer: str, target: str, line: int, lazy: bool) -> None:
        self.imports.append(Import(importer, target, line, lazy))

    def internal(self) -> dict[str, set[str]]:
        """importer → the package's own modules it imports (top level and lazy)."""
        edges: dict[str, set[str]] = {m: set() for m in self.modules}
        for i in self.imports:
            if i.target in self.modules and i.target != i.importer:
                edges[i.importer].add(i.target)
        return edges


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _bodies(node: ast.stmt) -> list[list[ast.stmt]]:
    out = []
    for attr in ("body", "orelse", "finalbody", "handlers", "cases"):
        value = getattr(node, attr, None)
        if isinstance(value, list) and value and isinstance(value[0], ast.AST):
            if attr in ("handlers", "cases"):
                out.extend(v.body for v in value)
            else:
                out.append(value)
    return out


def _absolute(module: str, is_pkg: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    parts = module.split(".") if is_pkg else module.split(".")[:-1]
    parts = parts[:len(parts) - node.level + 1]
    return ".".join([*parts, node.module] if node.module else parts)


@dataclass(frozen=True)
class Rules:
    layers: list[tuple[str, int, tuple[str, ...]]]  # name, rank, module prefixes
    lazy: list[tuple[str, str]]  # (target prefix, importer prefix)


def load_rules(path: Path = RULES) -> Rules:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    layers, rank = [], len(data["layer"])
    for layer in data["layer"]:
        rank = layer.get("rank", rank - 1)
        layers.append((layer["name"], rank, tuple(layer["modules"])))
    return Rules(layers, [(e["target"], e.get("importer", "")) for e in data["lazy"]])


def _under(module: str, prefix: str) -> bool:
    return prefix == "" or module == prefix or module.startswith(prefix + ".")


def layer_of(rules: Rules, module: str) -> tuple[str, int]:
    """The first layer with a prefix of ``module`` (the most specific prefix wins)."""
    best = max(((len(p), name, rank) for name, rank, prefixes in rules.layers
                for p in prefixes if _under(module, p)), default=None)
    assert best is not None, f"{module} is in no layer of layers.toml"
    return best[1], best[2]


def upward(graph: ImportGraph, rules: Rules) -> list[str]:
    """Each import of a higher layer, or of a sibling layer of the same rank."""
    bad = []
    for i in graph.imports:
        if i.target not in graph.modules:
            continue
        (src, r1), (dst, r2) = layer_of(rules, i.importer), layer_of(rules, i.target)
        if r2 > r1 or (r2 == r1 and src != dst):
            bad.append(f"{i.importer}:{i.line} ({src}) imports {i.target} ({dst})")
    return bad


def cycles(graph: ImportGraph) -> list[list[str]]:
    """The import circles: strongly connected components of more than one module (Tarjan)."""
    edges = graph.internal()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(edges) + 100))

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def bad_lazy(graph: ImportGraph, rules: Rules) -> list[str]:
    """Each import inside a function that ``layers.toml`` does not allow."""
    return [f"{i.importer}:{i.line} imports {i.target} inside a function"
            for i in graph.imports if i.lazy and not any(
                _under(i.target, target) and _under(i.importer, importer)
                for target, importer in rules.lazy if target or importer)]


def test_no_import_circle() -> None:
    assert cycles(ImportGraph.build(PKG)) == []


def test_no_upward_import() -> None:
    assert upward(ImportGraph.build(PKG), load_rules()) == []


def test_imports_inside_functions_are_the_allowed_ones() -> None:
    assert bad_lazy(ImportGraph.build(PKG), load_rules()) == []


def test_every_module_has_a_layer() -> None:
    rules = load_rules()
    for module in ImportGraph.build(PKG).modules:
        layer_of(rules, module)


# --- the checker fails when it should (a planted package) -------------------------------------

_PLANTED_RULES = """
[[layer]]
name = "ui"
modules = ["app.ui"]
[[layer]]
name = "services"
modules = ["app.services"]
[[layer]]
name = "domain"
modules = ["app.domain", "app"]
[[lazy]]
target = "reportlab"
why = "optional"
"""


def _plant(tmp_path: Path, files: dict[str, str]) -> tuple[ImportGraph, Rules]:
    pkg = tmp_path / "app"
    for rel, text in {"__init__.py": "", "ui/__init__.py": "", "services/__init__.py": "",
                      "domain/__init__.py": "", **files}.items():
        (pkg / rel).parent.mkdir(parents=True, exist_ok=True)
        (pkg / rel).write_text(text, encoding="utf-8")
    (tmp_path / "layers.toml").write_text(_PLANTED_RULES, encoding="utf-8")
    return ImportGraph.build(pkg), load_rules(tmp_path / "layers.toml")


def test_checker_passes_a_sound_package(tmp_path: Path) -> None:
    graph, rules = _plant(tmp_path, {
        "ui/window.py": "from app.services import orders\n",
        "services/orders.py": "from app.domain.rules import due\n"
                              "def pdf():\n    import reportlab\n",
        "domain/rules.py": "def due():\n    return 1\n",
    })
    assert (cycles(graph), upward(graph, rules), bad_lazy(graph, rules)) == ([], [], [])


def test_checker_finds_a_planted_circle(tmp_path: Path) -> None:
    graph, _ = _plant(tmp_path, {
        "services/orders.py": "from app.services import billing\n",
        "services/billing.py": "from app.services.audit import log\n",
        # hidden inside a function, the way circles usually survive
        "services/audit.py": "def log():\n    from app.services import orders\n",
    })
    assert cycles(graph) == [["app.services.audit", "app.services.billing",
                              "app.services.orders"]]


def test_checker_finds_a_planted_upward_import(tmp_path: Path) -> None:
    graph, rules = _plant(tmp_path, {
        "ui/window.py": "",
        "domain/rules.py": "from .. import ui\nfrom ..ui.window import x\n",
    })
    assert upward(graph, rules) == [
        "app.domain.rules:1 (domain) imports app.ui (ui)",
        "app.domain.rules:2 (domain) imports app.ui.window (ui)",
    ]


def test_checker_finds_an_unlisted_lazy_import(tmp_path: Path) -> None:
    graph, rules = _plant(tmp_path, {
        "services/orders.py": "def f():\n    from app.domain import rules\n",
        "domain/rules.py": "",
    })
    assert bad_lazy(graph, rules) == [
        "app.services.orders:2 imports app.domain.rules inside a function"]


def test_type_checking_imports_are_not_counted(tmp_path: Path) -> None:
    graph, rules = _plant(tmp_path, {
        "domain/rules.py": "from typing import TYPE_CHECKING\n"
                           "if TYPE_CHECKING:\n    from app.ui import window\n",
        "ui/window.py": "",
    })
    assert upward(graph, rules) == []
