"""SQLAlchemy 2.x typed models — the same tables on the local SQLite and the central PostgreSQL.

Every row that syncs has a time-ordered UUID primary key, ``created_at``/``updated_at`` (UTC)
and a ``version`` that grows on each change (the sync upsert keeps the higher version). The
CHECK constraints repeat the validation rules that can be said in portable SQL, so invalid data
cannot reach the database even through a bug or a hand-written statement.
"""

from __future__ import annotations

import os
import time
import uuid
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from onestop.domain.notices import COMMENT_MAX, RATINGS
from onestop.domain.workflow import EVENT_KINDS, STATUSES, TIMELINESS
from onestop.storage.sqlfn import local_day

CHANNELS = ("direct", "post", "online", "vneid")
SEXES = ("male", "female")
ROLES = ("officer", "supervisor", "admin")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def uuid7() -> uuid.UUID:
    """A time-ordered UUID (RFC 9562 version 7): index-friendly and unique without a server."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return uuid.UUID(int=value)


def as_uuid(value: object) -> uuid.UUID:
    """``value`` as a UUID: a UUID as it is, else its text parsed (raises ValueError)."""
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def uuid_text(value: object) -> str:
    """The canonical text of a UUID, or ``repr(value)`` when it is none (for reports)."""
    try:
        return str(as_uuid(value))
    except ValueError:
        return repr(value)


def utcnow() -> datetime:
    """The current instant, timezone-aware UTC."""
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores instants in UTC and always returns timezone-aware values.

    SQLite has no time zone type; PostgreSQL's ``timestamptz`` has. Normalising here keeps the
    two back-ends identical for the services.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Synced:
    """Columns shared by every row that syncs."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)


AGENCY_KINDS = ("unit", "agency", "both")


class Agency(Synced, Base):
    """A receiving unit, a handling agency, or both, identified by its electronic identity code.

    A *receiving unit* (``kind`` ``unit``: a public service centre or one of its branches)
    owns counters; a *handling agency* (``agency``: cơ quan giải quyết) owns procedures; the
    single-agency desk of earlier releases is ``both``. ``successor_code`` names the agency
    that took over after a merger or renaming (QĐ 09/2025/QĐ-TTg). See ``domain.units``.
    """

    __tablename__ = "agency"
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_name: Mapped[str] = mapped_column(String(200), default="")
    unit_name: Mapped[str] = mapped_column(String(200), default="BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ")
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    place_name: Mapped[str] = mapped_column(String(100), default="")
    #: Agency settings (office hours, cut-off, due-soon days, resume policy) as JSON.
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    kind: Mapped[str] = mapped_column(String(8), default="both", server_default="both")
    valid_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    valid_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    successor_code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    __table_args__ = (
        CheckConstraint("length(code) >= 3", name="code_len"),
        CheckConstraint(_in("kind", AGENCY_KINDS), name="kind"),
        CheckConstraint("valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from",
                        name="validity"),
    )


class Counter(Synced, Base):
    """A reception counter (quầy) of a receiving unit; its number chooses its share of the
    daily code sequence (``domain.codes``)."""

    __tablename__ = "counter"
    agency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agency.id"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100), default="")
    __table_args__ = (
        UniqueConstraint("agency_id", "number", name="uq_counter_agency_number"),
        CheckConstraint("number >= 0 AND number <= 99", name="number_range"),
    )


class ReceiptKey(Synced, Base):
    """A counter's Ed25519 public key for signing the QR of its receipts (revision 0011).

    The private half never leaves the counter (``services.receipt_keys``); the public half is
    published through the central database and reaches every counter by sync, so any desk
    verifies any receipt offline. A rotated key gets ``retired_at`` and stays: receipts it
    signed stay verifiable.
    """

    __tablename__ = "receipt_key"
    key_id: Mapped[str] = mapped_column(String(16), unique=True)
    #: the issuing agency's identity code and name, as text: a counter verifies receipts of
    #: agencies whose rows it never holds (no foreign key)
    agency_code: Mapped[str] = mapped_column(String(32), index=True)
    agency_name: Mapped[str] = mapped_column(String(200))
    counter_no: Mapped[int] = mapped_column(Integer)
    #: the 32-byte raw public key, base64 (44 characters)
    public_key: Mapped[str] = mapped_column(String(44))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    __table_args__ = (
        CheckConstraint("length(key_id) = 16", name="key_id_len"),
        CheckConstraint("length(public_key) = 44", name="public_key_len"),
        CheckConstraint("counter_no >= 0 AND counter_no <= 9", name="counter_range"),
    )


class Procedure(Synced, Base):
    """An administrative procedure (thủ tục hành chính) of the catalogue."""

    __tablename__ = "procedure"
    code: Mapped[str] = mapped_column(String(40), unique=True)
    is_local: Mapped[bool] = mapped_column(Boolean, default=False)
    name: Mapped[str] = mapped_column(String(500))
    name_folded: Mapped[str] = mapped_column(String(500), index=True)
    field: Mapped[str] = mapped_column(String(200), default="")
    field_code: Mapped[str] = mapped_column(String(20), default="")
    time_limit_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cutoff: Mapped[str | None] = mapped_column(String(5), nullable=True)  # "HH:MM" local
    fee_vnd: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    #: [{"name": str, "original": int, "copy": int}]
    documents: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    department: Mapped[str] = mapped_column(String(200), default="")
    valid_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    valid_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(Text, default="")
    #: Identity codes of the handling agencies, separated by ``|``; empty = the receiving
    #: unit itself (the single-agency desk). See ``domain.units.split_codes``.
    agency_codes: Mapped[str | None] = mapped_column(String(400), nullable=True, default="")
    __table_args__ = (
        CheckConstraint("time_limit_days IS NULL OR (time_limit_days >= 0 AND time_limit_days <= 365)",
                        name="time_limit_range"),
        CheckConstraint("fee_vnd IS NULL OR fee_vnd >= 0", name="fee_nonneg"),
        CheckConstraint("length(name) >= 3", name="name_len"),
        CheckConstraint("valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from",
                        name="validity"),
    )


class Dossier(Synced, Base):
    """A dossier (hồ sơ): the applicant's data plus its projected state.

    ``status``, ``due_at``, ``sla_due_at``, ``finished_at``, ``returned_at`` and
    ``timeliness`` are a projection of the events (domain.workflow), stored so reports need
    no calendar arithmetic in SQL. ``timeliness`` of an open dossier is as of the last write;
    live classes compare ``sla_due_at`` with now.
    """

    __tablename__ = "dossier"
    code: Mapped[str] = mapped_column(String(48), unique=True)
    agency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agency.id"), index=True)
    counter_no: Mapped[int] = mapped_column(Integer)
    procedure_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("procedure.id"), index=True)
    applicant_name: Mapped[str] = mapped_column(String(100))
    applicant_folded: Mapped[str] = mapped_column(String(100), index=True)
    id_number: Mapped[str | None] = mapped_column(String(12), nullable=True, index=True)
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    #: ``male`` / ``female`` (giới tính), from the ID card's QR or typed; revision 0011
    sex: Mapped[str | None] = mapped_column(String(6), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(15), nullable=True)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    address: Mapped[str | None] = mapped_column(String(300), nullable=True)
    org_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    channel: Mapped[str] = mapped_column(String(10), default="direct")
    sets: Mapped[int] = mapped_column(Integer, default=1)
    #: [{"name": str, "original": int, "copy": int}]
    documents: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    fee_vnd: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    fee_paid: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    received_by: Mapped[str] = mapped_column(String(64))
    register_book: Mapped[str] = mapped_column(String(16))
    register_no: Mapped[int] = mapped_column(Integer)
    # receipt terms, frozen at receipt so later catalogue edits don't move old deadlines
    time_limit_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cutoff: Mapped[str | None] = mapped_column(String(5), nullable=True)
    # projection
    status: Mapped[str] = mapped_column(String(24), default="received")
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    sla_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    paused_since: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reschedules: Mapped[int] = mapped_column(Integer, default=0)
    timeliness: Mapped[str | None] = mapped_column(String(10), nullable=True)
    department: Mapped[str] = mapped_column(String(200), default="")
    # who received, who decides, where the result goes back: codes and names as at receipt
    # (``domain.units.NamesAtReceipt``); a later renaming or merger never rewrites them.
    # ``agency_id`` is the receiving unit's row.
    unit_code: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    agency_code: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    return_unit_code: Mapped[str | None] = mapped_column(String(32), nullable=True,
                                                         index=True)
    names_at_receipt: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    # result-ready notices the citizen opted into at receipt (issue 18; revision 0012)
    notify_email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    notify_sms: Mapped[str | None] = mapped_column(String(15), nullable=True)
    # the return, projected from its event (revision 0013): the citizen's satisfaction and the
    # officer who handed back the result, so a period's ratings are read from the dossiers
    rating: Mapped[str | None] = mapped_column(String(16), nullable=True)
    rating_comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    returned_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    __table_args__ = (
        UniqueConstraint("register_book", "register_no", "agency_id", name="uq_dossier_register"),
        CheckConstraint("unit_code IS NULL OR length(unit_code) >= 3", name="unit_code_len"),
        CheckConstraint("agency_code IS NULL OR length(agency_code) >= 3",
                        name="agency_code_len"),
        CheckConstraint("return_unit_code IS NULL OR length(return_unit_code) >= 3",
                        name="return_unit_len"),
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint(_in("channel", CHANNELS), name="channel"),
        CheckConstraint("sex IS NULL OR " + _in("sex", SEXES), name="sex"),
        CheckConstraint("timeliness IS NULL OR " + _in("timeliness", TIMELINESS),
                        name="timeliness"),
        CheckConstraint("sets >= 1 AND sets <= 100", name="sets_range"),
        CheckConstraint("fee_vnd IS NULL OR fee_vnd >= 0", name="fee_nonneg"),
        CheckConstraint("length(applicant_name) >= 2", name="name_len"),
        CheckConstraint("id_number IS NULL OR length(id_number) = 12", name="id_number_len"),
        CheckConstraint("phone IS NULL OR length(phone) >= 10", name="phone_len"),
        CheckConstraint("notify_sms IS NULL OR length(notify_sms) >= 10", name="notify_sms_len"),
        CheckConstraint("notify_email IS NULL OR notify_email LIKE '%_@_%'",
                        name="notify_email_at"),
        CheckConstraint("rating IS NULL OR " + _in("rating", RATINGS), name="rating"),
        CheckConstraint(f"rating_comment IS NULL OR length(rating_comment) <= {COMMENT_MAX}",
                        name="rating_comment_len"),
        CheckConstraint("counter_no >= 0 AND counter_no <= 99", name="counter_range"),
        CheckConstraint("register_no >= 1", name="register_no"),
        CheckConstraint("due_at IS NULL OR due_at >= received_at", name="due_after_receipt"),
        Index("ix_dossier_status_sla", "status", "sla_due_at"),
        Index("ix_dossier_finished", "finished_at"),
    )


# Covering indexes of the reports (migration 0003_report_indexes; services/reports/sql.py):
# procedure first, so per-procedure groups stream out of the index without a sort, and the
# local day of receipt / result so periods and day pairs are ranges and groups on it.
Index("ix_dossier_report_received", Dossier.procedure_id, local_day(Dossier.received_at),
      Dossier.status, Dossier.channel, Dossier.received_at)
Index("ix_dossier_report_finished", Dossier.procedure_id, local_day(Dossier.finished_at),
      local_day(Dossier.received_at), Dossier.status, Dossier.timeliness, Dossier.sla_due_at,
      Dossier.finished_at, Dossier.received_at)
# The ratings of a period (services.satisfaction, revision 0013): partial, only returned
# dossiers, by the instant of the return; every column the grouped count reads is in it.
Index("ix_dossier_returned", Dossier.returned_at, Dossier.status, Dossier.rating,
      Dossier.procedure_id, Dossier.agency_id, Dossier.returned_by, Dossier.agency_code,
      Dossier.unit_code, sqlite_where=Dossier.returned_at.is_not(None),
      postgresql_where=Dossier.returned_at.is_not(None))
# the few returns with a comment, for the comments of the same period
Index("ix_dossier_rating_comment", Dossier.returned_at,
      sqlite_where=Dossier.rating_comment.is_not(None),
      postgresql_where=Dossier.rating_comment.is_not(None))
Index("ix_dossier_report_active", Dossier.procedure_id, Dossier.status, Dossier.received_at,
      Dossier.sla_due_at, Dossier.department, Dossier.received_by, Dossier.paused_since)


class DossierEvent(Synced, Base):
    """One entry of a dossier's append-only history.

    Events of one origin (a counter installation) are hash-chained by ``seq`` like the audit
    log, so an edited, deleted or reordered event is detected by ``onestop audit verify``.
    """

    __tablename__ = "dossier_event"
    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossier.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_name: Mapped[str] = mapped_column(String(64))
    counter_no: Mapped[int] = mapped_column(Integer)
    origin: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(BigInteger)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    __table_args__ = (
        UniqueConstraint("origin", "seq", name="uq_event_origin_seq"),
        CheckConstraint(_in("kind", EVENT_KINDS), name="kind"),
    )


class CalendarOverride(Synced, Base):
    """A dated exception to the working-day rules: extra day off or worked rest day."""

    __tablename__ = "calendar_override"
    day: Mapped[date] = mapped_column(Date, unique=True)
    kind: Mapped[str] = mapped_column(String(4))
    name: Mapped[str] = mapped_column(String(200))
    decision: Mapped[str] = mapped_column(String(200), default="")
    tet: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (CheckConstraint("kind IN ('off', 'work')", name="kind"),)


class User(Synced, Base):
    """An account: officer, supervisor or admin; Argon2 hash; lock-out bookkeeping."""

    __tablename__ = "app_user"
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    __table_args__ = (
        CheckConstraint(_in("role", ROLES), name="role"),
        CheckConstraint("length(username) >= 2", name="username_len"),
    )


class AuditEntry(Base):
    """Append-only, hash-chained record of a security-relevant action.

    Each entry carries the hash of the previous entry *of the same origin*, so the logs of
    several counters can be merged centrally without breaking any chain.
    """

    __tablename__ = "audit_entry"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    origin: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(48))
    target: Mapped[str] = mapped_column(String(100), default="")
    outcome: Mapped[str] = mapped_column(String(16), default="ok")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    __table_args__ = (UniqueConstraint("origin", "seq", name="uq_audit_origin_seq"),)


class Outbox(Base):
    """A changed row waiting to be pushed to the central database (same transaction as the change)."""

    __tablename__ = "sync_outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)


NOTICE_CHANNELS = ("email", "sms", "zalo")
NOTICE_KINDS = ("result-ready", "appointment-moved")
NOTICE_STATES = ("waiting", "sent")


class Notice(Base):
    """A notice to a citizen waiting to be sent, or sent (the notices' outbox; issue 18).

    Local to the installation that sends it (never synced: it names a recipient). One per
    triggering event and channel, so collecting twice never sends twice. ``state`` stays
    ``waiting`` with ``last_error`` and a later ``next_try`` while a server refuses or times out.
    """

    __tablename__ = "notice"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossier.id"), index=True)
    event_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    channel: Mapped[str] = mapped_column(String(8))
    recipient: Mapped[str] = mapped_column(String(254))
    kind: Mapped[str] = mapped_column(String(24))
    subject: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10), default="waiting")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_try: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    __table_args__ = (
        UniqueConstraint("event_id", "channel", name="uq_notice_event_channel"),
        CheckConstraint(_in("channel", NOTICE_CHANNELS), name="channel"),
        CheckConstraint(_in("kind", NOTICE_KINDS), name="kind"),
        CheckConstraint(_in("state", NOTICE_STATES), name="state"),
        CheckConstraint("attempts >= 0", name="attempts"),
        CheckConstraint("state <> 'sent' OR sent_at IS NOT NULL", name="sent_at"),
        Index("ix_notice_state_next", "state", "next_try"),
    )


class LocalSetting(Base):
    """Key/value settings of this installation (which agency and counter it is, sync cursors)."""

    __tablename__ = "local_setting"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


#: ``local_setting`` keys of the sync link (``sync.link``), read also where a joined database
#: must be recognised without loading the sync (``services.demo``).
K_CENTRAL = "sync.central_id"
K_INSTALLATION = "sync.installation"
CURSOR = "sync.cursor."


class PortalStatus(Base):
    """The national portal's state of a dossier as the central link recorded it (issue 17),
    pulled by the normal sync; never pushed (the central ledger is the record)."""

    __tablename__ = "portal_status"
    __table_args__ = (
        CheckConstraint("state IN ('pending', 'acknowledged', 'failed', 'attention')",
                        name="state"),
    )
    dossier_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    state: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    error: Mapped[str] = mapped_column(Text, default="")
    rev: Mapped[int] = mapped_column(BigInteger, index=True)


SYNCED_TABLES = ("agency", "counter", "receipt_key", "procedure", "calendar_override", "app_user",
                 "dossier", "dossier_event")
