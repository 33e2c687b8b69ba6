"""The citizen's satisfaction with the service (issue 18, part 4; QĐ 766/QĐ-TTg).

When the result is returned the citizen rates the service — *Rất hài lòng*, *Hài lòng* or
*Không hài lòng*, with an optional comment — on the window facing them or on the numeric
keypad (1, 2, 3). The rating travels in the payload of the ``return`` event
(``rating``, ``rating_comment``), so it syncs with the history and is kept exactly once per
dossier (a dossier is returned once); like ``returned_at`` it is projected onto the dossier
row with the returning officer (``rating``, ``rating_comment``, ``returned_by``; revision
0013), where the reports count it. Reports count ratings per procedure, agency and
officer (the officer who returned the result) over the dossiers *returned* in the period;
they never name the citizen — not the applicant, not the person who collected the result —
and list comments only with the procedure they are about.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from onestop.domain import notices as dn
from onestop.domain import validation as v
from onestop.storage.models import Agency, Dossier, Procedure
from onestop.storage.sqlfn import unindexed


def payload(c: v.Collector, kind: str, rating: str | None, comment: str | None
            ) -> dict[str, Any]:
    """The rating fields of an event payload (errors go to the collector)."""
    out: dict[str, Any] = {}
    token = c.check(dn.rating, rating, "rating")
    text = c.check(v.free_text, comment, "comment", dn.COMMENT_MAX, False, True)
    if rating in (None, "") and comment not in (None, ""):
        c.add("rating", "required")
    if (token or text) and kind != "return":
        c.add("rating", "rating_at_return")
    if token:
        out["rating"] = token
    if text:
        out["rating_comment"] = text
    return out


@dataclass
class RatingCounts:
    """Ratings of one group: counts per rating, and the share of satisfied ones."""

    key: str
    label: str
    counts: Counter[str] = field(default_factory=Counter)
    comments: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts[r] for r in dn.RATINGS)

    @property
    def satisfied_percent(self) -> float | None:
        """Very satisfied + satisfied ÷ all ratings, in percent (None without ratings)."""
        if not self.total:
            return None
        return round(100.0 * (self.counts["very-satisfied"] + self.counts["satisfied"])
                     / self.total, 1)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key, "label": self.label}
        out.update({r: self.counts[r] for r in dn.RATINGS})
        out.update(total=self.total, satisfied_percent=self.satisfied_percent)
        return out


@dataclass(frozen=True)
class Summary:
    """Ratings of the dossiers returned in a period."""

    total: RatingCounts
    by_procedure: tuple[RatingCounts, ...]
    by_agency: tuple[RatingCounts, ...]
    by_officer: tuple[RatingCounts, ...]
    #: returned in the period without a rating
    unrated: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"total": self.total.to_json(), "unrated": self.unrated,
                "by_procedure": [r.to_json() | {"comments": r.comments}
                                 for r in self.by_procedure],
                "by_agency": [r.to_json() for r in self.by_agency],
                "by_officer": [r.to_json() for r in self.by_officer]}


def summary(session: Session, start: datetime, end: datetime, procedure_code: str = "",
            field_name: str = "", department: str = "", officer: str = "",
            channel: str = "", agency_code: str = "", unit_code: str = "") -> Summary:
    """Count the ratings of the dossiers returned in ``[start, end)``.

    The rating, its comment and the returning officer are projected onto the dossier with the
    return (revision 0013), so the count reads one range of the partial index
    ``ix_dossier_returned`` grouped by rating, procedure, agency and officer, and the comments
    one range of ``ix_dossier_rating_comment``: never an event payload, never a name of the
    citizen, and no lookup of each dossier (issues 16 and 19). ``agency_code`` /
    ``unit_code`` narrow it like the report it belongs to.
    """
    D, P, A = Dossier, Procedure, Agency
    conds = [D.returned_at >= start, D.returned_at < end, D.status != "void"]
    if procedure_code:
        conds.append(P.code == procedure_code.strip().upper())
    if field_name:
        conds.append(P.field == field_name)
    if department:
        conds.append(D.department == department)
    # SQLite's planner, without statistics, would rather walk all of an agency's (or a
    # unit's, an officer's) rows by its own index than the period's range of returns:
    # ``unindexed`` keeps it on the range there (PostgreSQL plans by its statistics, and the
    # central database has an agency-first partial index of the returns)
    if officer:
        conds.append(unindexed(D.returned_by) == officer)
    if channel:
        conds.append(D.channel == channel)
    if agency_code:
        conds.append(unindexed(D.agency_code) == agency_code)
    if unit_code:
        conds.append(unindexed(D.unit_code) == unit_code)

    def joined(*cols: Any) -> Any:
        return (select(*cols).select_from(D).join(P, P.id == D.procedure_id)
                .join(A, A.id == D.agency_id).where(*conds))

    n = func.count()
    stmt = joined(D.rating, P.code, P.name, A.code, A.name, D.returned_by, n).group_by(
        D.rating, P.code, P.name, A.code, A.name, D.returned_by)
    total = RatingCounts("", "")
    groups: dict[str, dict[str, RatingCounts]] = defaultdict(dict)
    unrated = 0
    for r, pcode, pname, acode, aname, user, k in session.execute(stmt):
        if r not in dn.RATINGS:
            unrated += k
            continue
        total.counts[r] += k
        for level, key, label in (("procedure", pcode, pname), ("agency", acode, aname),
                                  ("officer", user or "", user or "")):
            g = groups[level].setdefault(key, RatingCounts(key, label))
            g.counts[r] += k
    comments = joined(P.code, D.rating_comment).where(
        D.rating_comment.is_not(None), D.rating.is_not(None)).order_by(D.returned_at, D.code)
    for pcode, text in session.execute(comments):
        groups["procedure"][pcode].comments.append(text)

    def ordered(level: str) -> tuple[RatingCounts, ...]:
        return tuple(sorted(groups[level].values(), key=lambda g: g.key))

    return Summary(total, ordered("procedure"), ordered("agency"), ordered("officer"), unrated)


__all__ = ["RatingCounts", "Summary", "payload", "summary"]
