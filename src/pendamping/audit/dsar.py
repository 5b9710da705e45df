"""Everything held about one person, as one file (a data-subject access request, UU 27/2022).

Found generically: every model with a foreign key to the person, and the records hanging from
those (a case's activities and referrals), so apps added later are included without change.
Corrections go through the normal services (`registry.services.person_update`, ...).
"""

import json
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone

from .models import AuditEvent

SKIP_MODELS = {"registry.personnamekey"}
MAX_PER_RELATION = 5000


def _value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    return value


def record_dict(obj: models.Model) -> dict:
    data = {"_type": obj._meta.label_lower, "id": obj.pk}
    for field in obj._meta.concrete_fields:
        if field.primary_key:
            continue
        name = field.attname
        data[field.name] = _value(getattr(obj, name))
        if field.choices and getattr(obj, name):
            data[f"{field.name}_label"] = str(getattr(obj, f"get_{field.name}_display")())
    return data


def _related(obj: models.Model, depth: int) -> dict[str, list]:
    found: dict[str, list] = {}
    for rel in obj._meta.related_objects:
        if not (rel.one_to_many or rel.one_to_one) or rel.related_model._meta.label_lower in (
            SKIP_MODELS
        ):
            continue
        model = rel.related_model
        rows = model._default_manager.filter(**{rel.field.name: obj})[:MAX_PER_RELATION]
        items = []
        for row in rows:
            item = record_dict(row)
            if depth > 1:
                children = _related(row, depth - 1)
                if children:
                    item["_related"] = children
            items.append(item)
        if items:
            found[model._meta.label_lower] = items
    return found


def subject_access_export(*, person) -> dict:
    """A JSON-ready document of the person's data, its history and who accessed it."""
    household = person.household
    access = AuditEvent.objects.filter(
        object_type="registry.person", object_id=str(person.pk)
    ).order_by("id")
    return {
        "generated_at": timezone.now().isoformat(),
        "law": "UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi, Pasal 7 dan 32",
        "person": record_dict(person),
        "household": record_dict(household),
        "household_members": [
            {"id": m.pk, "name": m.name, "relationship": m.relationship}
            for m in household.members.exclude(pk=person.pk)
        ],
        "records": _related(person, depth=2),
        "household_records": {
            k: v for k, v in _related(household, depth=1).items() if k not in ("registry.person",)
        },
        "access_log": [
            {
                "at": e.at.isoformat(),
                "by": e.actor_name,
                "role": e.actor_role,
                "action": e.action,
            }
            for e in access
        ],
    }


def subject_access_json(*, person) -> bytes:
    return json.dumps(
        subject_access_export(person=person), ensure_ascii=False, indent=2, default=str
    ).encode()
