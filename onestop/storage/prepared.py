"""Core statements compiled once and run on the DBAPI cursor: the receipt's hot path.

The receipt (issue 19) runs six statements. Through ``Connection.execute`` each pays
SQLAlchemy's per-execution machinery — compiled-cache lookup, execution context, parameter
construction, events, the result object and its rows: about 60 µs a statement, more than
SQLite's own work on most of them. :class:`Prepared` does that work once per dialect
instead: it compiles the statement, keeps its SQL text, the order of its parameters, their
bind processors and defaults, and the result columns' processors, then runs it on the
connection's DBAPI cursor inside the connection's own transaction.

Same SQL, same values as ``conn.execute``: the text is the statement's own compilation and
every value goes through its column type's processors (UTC instants, UUIDs, JSON), in and
out. An INSERT leaves out the columns whose value is None or missing and computes the
Python-side column defaults of the columns it leaves out, as SQLAlchemy's INSERT does
(``compiled.insert_prefetch``); one compilation per set of columns given. A driver error is
raised as SQLAlchemy's own (``DBAPIError.instance``), so callers map it as before.

On SQLite only (the counter's database, where receipts are made): on any other dialect the
statement goes through ``conn.execute`` as usual. tests/services/test_receive_fast_path.py
checks the rows against the ORM's flush; tests/storage/test_prepared.py checks each form
against ``conn.execute``.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Table
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError, MultipleResultsFound, NoResultFound
from sqlalchemy.sql import Executable

Processor = Callable[[Any], Any] | None


class _Plan:
    """One statement compiled for one dialect: SQL text, parameters, processors."""

    __slots__ = ("sql", "order", "fixed", "binds", "results", "row", "prefetch")

    def __init__(self, stmt: Any, dialect: Dialect, column_keys: Sequence[str] | None = None):
        compiled = stmt.compile(dialect=dialect, column_keys=column_keys)
        if (not compiled.positional or compiled.post_compile_params
                or compiled.literal_execute_params or compiled.escaped_bind_names):
            raise ValueError("Prepared: a positional statement without expanding, "
                             "literal-execute or escaped parameters is needed")
        self.sql: str = compiled.string
        self.order: tuple[str, ...] = tuple(compiled.positiontup or ())
        # the values of the statement's own parameters (LIMIT/OFFSET literals…); the
        # caller's parameters override them
        self.fixed: dict[str, Any] = compiled.construct_params(escape_names=False, _check=False)
        impl = {name: bp.type.dialect_impl(dialect) for bp, name in compiled.bind_names.items()}
        self.binds: tuple[Processor, ...] = tuple(
            impl[name].bind_processor(dialect) for name in self.order)
        self.prefetch: tuple[Any, ...] = tuple(getattr(compiled, "insert_prefetch", ()) or ())
        for col in self.prefetch:
            default = col.default
            if default is None or not (default.is_scalar or default.is_callable):
                raise ValueError(f"Prepared: default of {col} is computed by SQL")
        columns = list(getattr(stmt, "selected_columns", ()) or ())
        self.results: tuple[Processor, ...] = tuple(
            c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns)
        self.row: Any = namedtuple("Row", [c.key for c in columns]) if columns else None  # type: ignore[misc]

    def args(self, params: Mapping[str, Any]) -> tuple[Any, ...]:
        """The positional parameters of one execution, through the bind processors."""
        if self.prefetch:
            params = dict(params)
            for col in self.prefetch:
                default = col.default
                # SQLAlchemy wraps a zero-argument default so that it takes the context
                params[col.key] = default.arg if default.is_scalar else default.arg(None)
        fixed = self.fixed
        out = []
        for name, proc in zip(self.order, self.binds):
            value = params[name] if name in params else fixed[name]
            out.append(proc(value) if proc is not None else value)
        return tuple(out)

    def rows(self, raw: Sequence[Sequence[Any]]) -> list[Any]:
        """Result rows as named tuples, each value through its column's processor."""
        make, procs = self.row._make, self.results
        return [make([p(v) if p is not None else v for p, v in zip(procs, r)]) for r in raw]


def _driver_error(exc: Exception, sql: str, args: Any, dialect: Dialect, many: bool) -> Any:
    return DBAPIError.instance(sql, args, exc, dialect.loaded_dbapi.Error,
                               hide_parameters=True, dialect=dialect, ismulti=many)


class Prepared:
    """A SELECT compiled once per dialect and run on the DBAPI cursor (see module doc)."""

    def __init__(self, stmt: Executable) -> None:
        self.stmt = stmt
        self._plans: WeakKeyDictionary[Dialect, _Plan] = WeakKeyDictionary()

    def _plan(self, dialect: Dialect) -> _Plan:
        plan = self._plans.get(dialect)
        if plan is None:
            plan = self._plans[dialect] = _Plan(self.stmt, dialect)
        return plan

    def all(self, conn: Connection, params: Mapping[str, Any] | None = None) -> list[Any]:
        """Every row (named tuples; SQLAlchemy's rows off SQLite)."""
        dialect = conn.dialect
        if dialect.name != "sqlite":
            return list(conn.execute(self.stmt, dict(params or {})).all())
        plan = self._plan(dialect)
        args = plan.args(params or {})
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            raw = cursor.execute(plan.sql, args).fetchall()
        except dialect.loaded_dbapi.Error as exc:
            raise _driver_error(exc, plan.sql, args, dialect, False) from exc
        finally:
            cursor.close()
        return plan.rows(raw)

    def first(self, conn: Connection, params: Mapping[str, Any] | None = None) -> Any:
        """The first row, or None."""
        rows = self.all(conn, params)
        return rows[0] if rows else None

    def one(self, conn: Connection, params: Mapping[str, Any] | None = None) -> Any:
        """The only row.

        Raises:
            sqlalchemy.exc.NoResultFound, MultipleResultsFound: as ``Result.one``.
        """
        rows = self.all(conn, params)
        if not rows:
            raise NoResultFound("No row was found when one was required")
        if len(rows) > 1:
            raise MultipleResultsFound("Multiple rows were found when exactly one was required")
        return rows[0]


class PreparedInsert:
    """``table.insert()`` compiled once per dialect and set of columns given (see module doc)."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.insert = table.insert()
        self._plans: WeakKeyDictionary[Dialect, dict[tuple[str, ...], _Plan]] = (
            WeakKeyDictionary())

    def _plan(self, dialect: Dialect, keys: tuple[str, ...]) -> _Plan:
        plans = self._plans.get(dialect)
        if plans is None:
            plans = self._plans[dialect] = {}
        plan = plans.get(keys)
        if plan is None:
            plan = plans[keys] = _Plan(self.insert, dialect, list(keys))
        return plan

    def execute(self, conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        """INSERT ``rows`` (column key → value; None values left out, as SQLAlchemy's INSERT
        leaves out a missing key), one executemany per run of rows with the same keys."""
        dialect = conn.dialect
        if dialect.name != "sqlite":
            for batch in _batches(rows):
                conn.execute(self.insert, batch if len(batch) > 1 else batch[0])
            return
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            for batch in _batches(rows):
                plan = self._plan(dialect, tuple(batch[0]))
                many = len(batch) > 1
                args: Any = [plan.args(r) for r in batch] if many else plan.args(batch[0])
                try:
                    if many:
                        cursor.executemany(plan.sql, args)
                    else:
                        cursor.execute(plan.sql, args)
                except dialect.loaded_dbapi.Error as exc:
                    raise _driver_error(exc, plan.sql, args, dialect, many) from exc
        finally:
            cursor.close()


def _batches(rows: Sequence[Mapping[str, Any]]) -> list[list[dict[str, Any]]]:
    """``rows`` without their None values, grouped into runs with the same keys."""
    out: list[list[dict[str, Any]]] = []
    for row in rows:
        clean = {k: v for k, v in row.items() if v is not None}
        if out and out[-1][0].keys() == clean.keys():
            out[-1].append(clean)
        else:
            out.append([clean])
    return out
