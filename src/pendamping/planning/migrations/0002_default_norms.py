"""The starting staffing norms, so the admin shows them to change (docs/workforce.md).

The values are written out here (not imported) so that later changes to the defaults in
`planning.selectors` cannot change what this migration did."""

from django.db import migrations

NORMS = {
    "tksk": {
        "level": "kecamatan",
        "min_per_area": 1.0,
        "travel_reference_km": 3.0,
        "travel_weight": 0.1,
        "note": "Permensos: one TKSK per kecamatan; more where travel is long",
    },
    "psm": {
        "level": "kelurahan",
        "min_per_area": 1.0,
        "population_per_worker": 7000,
        "note": "At least one PSM per kelurahan; one per 7,000 people",
    },
    "pkh": {
        "level": "kelurahan",
        "min_per_area": 0.0,
        "ppks_households_per_worker": 250,
        "note": "Caseload ceiling of 250 families per PKH assistant",
    },
    "penyuluh": {
        "level": "kecamatan",
        "min_per_area": 0.5,
        "note": "One counsellor for two kecamatan",
    },
    "peksos": {
        "level": "kota",
        "min_per_area": 3.0,
        "open_work_per_worker": 60,
        "note": "Three at least; one per 60 open items city-wide",
    },
}


def add_defaults(apps, schema_editor):
    norm = apps.get_model("planning", "StaffingNorm")
    for worker_type, values in NORMS.items():
        norm.objects.get_or_create(worker_type=worker_type, defaults=dict(values))


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
