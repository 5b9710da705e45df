"""The starting staffing norms, so the admin shows them to change (docs/workforce.md)."""

from django.db import migrations


def add_defaults(apps, schema_editor):
    from pendamping.planning.selectors import DEFAULT_NORMS

    norm = apps.get_model("planning", "StaffingNorm")
    for worker_type, values in DEFAULT_NORMS.items():
        norm.objects.get_or_create(worker_type=str(worker_type), defaults=dict(values))


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
