"""Consultations, made through the consultation services."""
from __future__ import annotations

import itertools
from datetime import timedelta

from inspraak.accounts.models import Role, User
from inspraak.consultations import services as consultation_services
from inspraak.consultations.models import Consultation
from inspraak.database import utcnow
from tests.builders.accounts import user

__all__ = ["consultation"]

_counter = itertools.count(1)


def consultation(owner: User | None = None, *, status: str = "draft", title: str | None = None,
                 topic: str = "ngt", body: str = "## Voorstel\n\nDe toelichting.") -> Consultation:
    owner = owner or user(Role.POLICY_OFFICER)
    now = utcnow()
    fields = consultation_services.ConsultationFields(
        title=title or f"Consultatie {next(_counter)}", topic=consultation_services.topic_by_slug(topic),
        summary="Een korte samenvatting.", body_markdown=body,
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30))
    result = consultation_services.create_consultation(owner, fields)
    if status in ("open", "closed", "reported"):
        consultation_services.open_consultation(owner, result)
    if status in ("closed", "reported"):
        consultation_services.close_consultation(owner, result)
    if status == "reported":
        consultation_services.publish_report(owner, result, "We hebben de reacties verwerkt.")
    return result
