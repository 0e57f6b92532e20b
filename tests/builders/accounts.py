"""Users, made through the accounts services."""
from __future__ import annotations

import itertools

from inspraak.accounts import services as account_services
from inspraak.accounts.models import OrganisationCategory, Role, User
from tests.helpers import PASSWORD

__all__ = ["user"]

_counter = itertools.count(1)


def user(role: Role = Role.PARTICIPANT, *, email: str | None = None, name: str = "Test Gebruiker",
         verified: bool = True, organisation: str | None = None,
         category: OrganisationCategory = OrganisationCategory.NGO, locale: str = "nl") -> User:
    email = email or f"user{next(_counter)}@example.org"
    details = account_services.OrganisationDetails(organisation, category) if organisation else None
    return account_services.create_user(email=email, name=name, password=PASSWORD, role=role, locale=locale,
                                        organisation=details, verified=verified)
