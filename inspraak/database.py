"""Column types and helpers shared by every area's models."""
from __future__ import annotations

import enum
from datetime import datetime, timezone

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, returns aware UTC, the same on SQLite and PostgreSQL.

    Refuses naive datetimes on the way in: a naive value has no defined moment.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs a timezone-aware datetime")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


class LabelledEnum(str, enum.Enum):
    """A string enum whose members carry a translatable label: ``DRAFT = "draft", _l("Concept")``.

    The one base for every status, role and category enum (their values are what the
    database stores; ``enum_check`` keeps a column within them).
    """

    def __new__(cls, value: str, label=None):
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label if label is not None else value
        return member

    @property
    def label(self):
        return self._label

    @classmethod
    def choices(cls) -> list[tuple[str, object]]:
        """(value, label) pairs, e.g. for a select field."""
        return [(member.value, member.label) for member in cls]

    @classmethod
    def values(cls) -> frozenset[str]:
        return frozenset(member.value for member in cls)


def enum_check(column: str, enum_cls: type[enum.Enum]) -> str:
    """SQL for a CHECK constraint that keeps ``column`` within the enum's values."""
    values = ", ".join(f"'{member.value}'" for member in enum_cls)
    return f"{column} IN ({values})"


def commit_keeping_loaded(session) -> None:
    """Commit ``session`` without expiring the objects it holds.

    For a use case whose request ends with this commit (a redirect, a receipt): what it
    just wrote is what the database now holds, so reading it again (one SELECT per object
    the request touches afterwards) would only repeat it. The objects keep the state this
    transaction saw and wrote; code that needs other requests' later writes reloads.
    """
    from sqlalchemy.orm import scoped_session

    target = session() if isinstance(session, scoped_session) else session
    previous = target.expire_on_commit
    target.expire_on_commit = False
    try:
        target.commit()
    finally:
        target.expire_on_commit = previous


def paginate(stmt, *, page: int, per_page: int):
    """``db.paginate`` for a list a person pages through: a page past the end shows the last
    page (an old link, or a list that shrank), never an empty page that says the list is
    empty. Costs a second query only in that case."""
    from inspraak.extensions import db

    result = db.paginate(stmt, page=page, per_page=per_page, error_out=False)
    if page > result.pages >= 1:
        result = db.paginate(stmt, page=result.pages, per_page=per_page, error_out=False)
    return result
