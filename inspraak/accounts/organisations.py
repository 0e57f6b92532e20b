"""Organisation identity: representatives of one organisation share one ``Organisation``.

Matched by KvK number when one is given (the Chamber of Commerce number identifies a
Dutch organisation); without one, a new organisation is made and an admin can merge
duplicates later. Merging moves the members and every reference to the duplicate (in
any area's table) to the organisation that is kept.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from inspraak.accounts.models import Organisation, User
from inspraak.errors import DomainError
from inspraak.extensions import db


def organisation_for(details) -> Organisation:
    """The existing organisation with this KvK number, else a new one (not yet committed)."""
    kvk_number = (details.kvk_number or "").strip() or None
    if kvk_number is not None:
        existing = db.session.scalar(db.select(Organisation).where(Organisation.kvk_number == kvk_number)
                                     .order_by(Organisation.id).limit(1))
        if existing is not None:
            return existing
    return Organisation(name=details.name.strip(), category=details.category.value, kvk_number=kvk_number,
                        transparency_register_id=(details.transparency_register_id or "").strip() or None)


def list_organisations() -> list[tuple[Organisation, int]]:
    members = db.func.count(User.id)
    stmt = (db.select(Organisation, members).outerjoin(User, (User.organisation_id == Organisation.id) & User.deleted_at.is_(None))
            .group_by(Organisation.id).order_by(db.func.lower(Organisation.name), Organisation.id))
    return [(organisation, count) for organisation, count in db.session.execute(stmt)]


def merge_organisations(actor: User, keep: Organisation, duplicate: Organisation) -> int:
    """Move everything of ``duplicate`` to ``keep`` and delete the duplicate; returns the members moved."""
    if keep.id == duplicate.id:
        raise DomainError(_l("Kies twee verschillende organisaties."), field="duplicate")
    moved = 0
    kvk_number = keep.kvk_number or duplicate.kvk_number
    try:
        for table in db.metadata.sorted_tables:
            for column in table.columns:
                if any(fk.column.table.name == "organisation" and fk.column.name == "id" for fk in column.foreign_keys):
                    result = db.session.execute(table.update().where(column == duplicate.id).values({column.name: keep.id}))
                    if table.name == User.__tablename__:
                        moved += result.rowcount
        db.session.expire(duplicate)  # its members are the kept organisation's now
        db.session.delete(duplicate)
        db.session.flush()
        keep.kvk_number = kvk_number
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise DomainError(_l("Samenvoegen kan niet: beide organisaties hebben al een plaats bij dezelfde bijeenkomst. "
                             "Laat eerst een van de vertegenwoordigers zich afmelden.")) from None
    return moved
