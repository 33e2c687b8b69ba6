"""Driving a corpus case through the services or the command line (shared by the tests)."""

from __future__ import annotations

import re
from tests import rawdb as sqlite3
from pathlib import Path
from typing import Any

from onestop.domain import messages
from onestop.domain.validation import ValidationError
from onestop.services import catalogue, deadlines, users
from onestop.services.install import setup
from onestop.services.context import Context
from onestop.services.processing import EventRequest, record
from onestop.services.reception import ReceiveRequest, correct, receive
from tests.reliability.corpus import CAL_OK, RECEIVE_OK, Bad

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
#: Letters that only Vietnamese (among Latin scripts) writes: a message must contain some.
VIETNAMESE = set("ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


def csv_path(values: dict[str, Any], folder: Path) -> Path:
    """The file an ``import`` case reads: its bytes, a missing file or a folder."""
    data = values["data"]
    if data is None:
        return folder / "khong-co.csv"
    if data == "dir":
        (folder / "a-folder.csv").mkdir(exist_ok=True)
        return folder / "a-folder.csv"
    path = folder / "procedures.csv"
    path.write_bytes(data)
    return path


def attempt(ctx: Context, op: str, values: dict[str, Any], folder: Path) -> Any:
    """Run one operation with ``values`` through the services."""
    v = dict(values)
    if op == "receive":
        return receive(ctx, ReceiveRequest(**{**RECEIVE_OK, **v}))
    if op == "event":
        return record(ctx, v.pop("code"), EventRequest(**v))
    if op == "correct":
        return correct(ctx, v["code"], v["field"], v["value"], v["reason"])
    if op == "import":
        return catalogue.import_csv(ctx, csv_path(v, folder))
    if op == "user":
        return users.add_user(ctx, v["username"], v["role"], v["full_name"], v["password"])
    if op == "calendar":
        return setup.set_override(ctx, v["day"], v["kind"], v["name"])
    if op == "due":
        return deadlines.due_preview(ctx, v["received_at"], days=v.get("days"),
                                 procedure=v.get("procedure"))
    if op == "settings":
        return setup.update_agency(ctx, **v)
    if op == "init":
        return setup.init(ctx, v.get("agency_code"), v.get("agency_name"), v.get("counter"))
    raise AssertionError(op)


def _flags(values: dict[str, Any], rename: dict[str, str] | None = None) -> list[str]:
    out = []
    for key, value in values.items():
        flag = "--" + (rename or {}).get(key, key).replace("_", "-")
        for item in value if isinstance(value, list) else [value]:
            out.append(f"{flag}={item}")
    return out


def argv(case: Bad, folder: Path) -> tuple[list[str], str]:
    """The command line (and stdin) of a corpus case."""
    v = dict(case.values)
    if case.op == "receive":
        return ["receive", *_flags({**RECEIVE_OK, **v}, {"refuse_reason": "refuse",
                                                         "documents": "document"})], ""
    if case.op == "event":
        return ["event", v.pop("code"), v.pop("kind"), *_flags(v)], ""
    if case.op == "correct":
        return ["correct", v["code"], *_flags({k: v[k] for k in ("field", "value", "reason")})], ""
    if case.op == "import":
        return ["catalogue", "import", str(csv_path(v, folder))], ""
    if case.op == "user":
        return (["user", "add", v["username"], f"--role={v['role']}",
                 f"--full-name={v['full_name']}"], v["password"] + "\n")
    if case.op == "calendar":
        v = {**CAL_OK, **v}
        return ["calendar", "set", v["day"], v["kind"], f"--name={v['name']}"], ""
    if case.op == "due":
        return ["due", *_flags(v)], ""
    if case.op == "init":
        return ["init", *_flags(v)], ""
    raise AssertionError(case.op)


def assert_clear(exc: ValidationError, field: str) -> None:
    """One error, naming ``field``, worded in Vietnamese (no raw code, no blank)."""
    assert [e.field for e in exc.errors] == [field], exc.errors
    text = exc.errors[0].message
    assert_vietnamese(text, exc.errors[0].code)


def assert_vietnamese(text: str, code: str) -> None:
    assert len(text) > 10 and VIETNAMESE & set(text), text
    assert code not in text.split() and not PLACEHOLDER.search(text) and "…" not in text, text
    assert text != messages.GENERIC_MESSAGE


def sqlite_counts(path: Path) -> dict[str, int]:
    """Rows of every table of a SQLite file (read from outside the application)."""
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()
