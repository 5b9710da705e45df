"""The registry app owns PPKS households and people, their categories and their history."""

import csv
from pathlib import Path

from django.db import transaction

from .models import PpksCategory, PsksCategory

DATA_DIR = Path(__file__).resolve().parent / "data"
SENSITIVE_PPKS = {"PPKS03", "PPKS06", "PPKS10", "PPKS16", "PPKS17", "PPKS18", "PPKS19"}


@transaction.atomic
def reference_categories_load() -> int:
    """Load the 26 PPKS and 12 PSKS categories; returns how many were new."""
    created = 0
    with (DATA_DIR / "ppks_categories.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            _, new = PpksCategory.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name_id": row["name_id"],
                    "name_en": row["name_en"],
                    "description": row["short_description"],
                    "sensitive": row["code"] in SENSITIVE_PPKS,
                },
            )
            created += new
    with (DATA_DIR / "psks_categories.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            _, new = PsksCategory.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name_id": row["name_id"],
                    "name_en": row["name_en"],
                    "subject_type": row["subject_type"],
                    "description": row["short_description"],
                },
            )
            created += new
    return created
