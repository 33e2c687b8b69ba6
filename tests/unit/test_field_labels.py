"""Every field an error can name has a Vietnamese label, and counts of items say "mục".

A field key without a label prints raw (``notes: notes quá dài``). The keys are collected
from the source: the first argument of every error class and ``Collector.add``, the field
argument of every validator (called directly or through ``Collector.check``) and every
``field=`` keyword. A new field raised without its label fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

from onestop.domain import messages
from onestop.domain.validation import ValidationError
from onestop.services import outfile
from onestop.services.reception import ReceiveRequest, validate
from tests.support.clock import vn

PACKAGE = Path(__file__).resolve().parents[2] / "onestop"
#: Validators of onestop.domain.validation taking ``(value, field, ...)``.
VALIDATORS = {"free_text", "person_name", "org_name", "citizen_id", "phone", "email",
              "parse_date", "parse_instant", "choice", "int_range", "password"}
#: Helpers whose first argument is a field key.
HELPERS = {"transition_error", "_fail"}


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else None


def _error_classes(trees: list[ast.Module]) -> set[str]:
    """ValidationError, FieldError and every subclass of ServiceError in the package."""
    found = {"ValidationError", "FieldError", "ServiceError"}
    grew = True
    while grew:
        grew = False
        for tree in trees:
            for node in ast.walk(tree):
                if (isinstance(node, ast.ClassDef) and node.name not in found
                        and any(_name(b) in found for b in node.bases)):
                    found.add(node.name)
                    grew = True
    return found


def _str(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def field_keys() -> dict[str, str]:
    """Field key -> one place it is raised (``path:line``)."""
    trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in PACKAGE.rglob("*.py")}
    errors = _error_classes(list(trees.values())) | HELPERS
    out: dict[str, str] = {}
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name, args = _name(node.func), node.args
            candidates = [kw.value for kw in node.keywords if kw.arg == "field"]
            if name in errors and args:
                candidates.append(args[0])
            if name == "add" and len(args) >= 2 and _str(args[0]) and _str(args[1]):
                candidates.append(args[0])   # Collector.add(field, code)
            if name in VALIDATORS and len(args) >= 2:
                candidates.append(args[1])
            if name == "check" and len(args) >= 3 and _name(args[0]) in VALIDATORS:
                candidates.append(args[2])
            for c in candidates:
                key = _str(c)
                if key is not None:
                    out.setdefault(key, f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return out


def test_the_scan_finds_the_fields_it_should() -> None:
    keys = field_keys()
    assert {"name", "notes", "reason", "document", "db", "again", "decision"} <= set(keys)
    assert len(keys) > 40


def test_every_field_key_raised_has_a_vietnamese_label() -> None:
    missing = {k: where for k, where in field_keys().items() if k not in messages.FIELD_LABELS}
    assert missing == {}
    assert outfile.FIELD in messages.FIELD_LABELS   # named through a constant


def test_an_over_long_note_names_its_field_in_vietnamese() -> None:
    req = ReceiveRequest("2.001914", "Nguyễn Văn An", notes="Ghi chú. " * 300)
    try:
        validate(req, vn(2026, 3, 2, 10, 0))
    except ValidationError as exc:
        assert [str(e.message) for e in exc.errors] == ["Ghi chú quá dài (tối đa 2000 ký tự)."]
    else:  # pragma: no cover - the note is too long
        raise AssertionError("accepted")


def test_fifty_one_documents_are_counted_in_items_not_characters() -> None:
    req = ReceiveRequest("2.001914", "Nguyễn Văn An",
                         documents=[f"Giấy tờ số {i}" for i in range(51)])
    try:
        validate(req, vn(2026, 3, 2, 10, 0))
    except ValidationError as exc:
        [err] = exc.errors
        assert err.field == "document"
        assert err.message == "Thành phần hồ sơ có quá nhiều mục (tối đa 50 mục)."
        assert "ký tự" not in err.message
    else:  # pragma: no cover
        raise AssertionError("accepted")
