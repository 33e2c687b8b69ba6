"""Portable SQL expressions with a dialect-specific spelling (SQLite and PostgreSQL).

* :class:`local_day` — the agency-local calendar date of a UTC instant column. Việt Nam has
  kept UTC+7 without daylight saving time since 1975, so this is a fixed shift, not calendar
  arithmetic. Indexed (``0003_report_indexes``) so the reports range and group on it.
* :class:`unindexed` — a column that must not drive SQLite's choice of index (``+col``).
* :data:`ONE` — ``LIMIT 1`` written as a literal instead of a bound parameter.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

#: The row count of ``.limit(ONE)``: ``LIMIT 1`` as SQL text. ``.limit(1)`` sends the 1 as a
#: bound parameter (``LIMIT ? OFFSET ?`` on SQLite), and SQLite then cannot plan a scalar
#: subquery of the chain's tip as the one-row index probe it is: the receipt's statement with
#: four such subqueries (``reception._STATE``) cost 210-290 µs of SQLite CPU with bound
#: limits and 39 µs with literal ones (issue 19, measured on the encrypted file).
ONE = literal_column("1")

#: Hours from UTC to the agency's local time (Asia/Ho_Chi_Minh).
UTC_OFFSET_HOURS = 7

#: The SQL text of the local day of column ``{col}`` per dialect (also used by migrations).
LOCAL_DAY_SQL = {
    "sqlite": "date({col}, '+7 hours')",
    "postgresql": "CAST(({col} AT TIME ZONE 'UTC') + INTERVAL '7 hours' AS DATE)",
}


class local_day(FunctionElement[date]):  # reads as the SQL function it is
    """The agency-local calendar date of a UTC instant column."""

    type = Date()
    inherit_cache = True


@compiles(local_day, "sqlite")
def _local_day_sqlite(element: local_day, compiler: Any, **kw: Any) -> str:
    return LOCAL_DAY_SQL["sqlite"].format(col=compiler.process(element.clauses, **kw))


@compiles(local_day)
def _local_day_default(element: local_day, compiler: Any, **kw: Any) -> str:
    return LOCAL_DAY_SQL["postgresql"].format(col=compiler.process(element.clauses, **kw))


class unindexed(FunctionElement[Any]):
    """A column that must not drive the plan: ``+col`` on SQLite, the bare column elsewhere.

    Without ANALYZE statistics SQLite assumes an equality on an indexed column is selective;
    for ``status IN ('result-ready', 'returned')`` (most of the table) that would pick the
    status index over a date range. A unary ``+`` is SQLite's documented way to take a term
    out of index selection; PostgreSQL plans by its statistics.
    """

    inherit_cache = True

    def __init__(self, column: Any) -> None:
        self.type = column.type  # first: the base constructor already compares on it
        super().__init__(column)


@compiles(unindexed, "sqlite")
def _unindexed_sqlite(element: unindexed, compiler: Any, **kw: Any) -> str:
    return "+" + str(compiler.process(element.clauses.clauses[0], **kw))


@compiles(unindexed)
def _unindexed_default(element: unindexed, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses.clauses[0], **kw))
