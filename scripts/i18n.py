"""Refresh the message catalogues: extract (needs GNU gettext), fill English, compile both.

Usage: .venv/bin/python scripts/i18n.py [--no-extract]
Indonesian strings are translated by hand in src/pendamping/locale/id/LC_MESSAGES/django.po;
this script lists any that are still missing and exits non-zero if there are some.
"""

import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "pendamping"
LOCALE = PACKAGE / "locale"


def main() -> int:
    if "--no-extract" not in sys.argv:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pendamping.settings.test"}
        for domain in ("django", "djangojs"):
            if domain == "djangojs" and not list(PACKAGE.rglob("static/pendamping/*.js")):
                continue
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "django",
                    "makemessages",
                    "-d",
                    domain,
                    "-l",
                    "id",
                    "-l",
                    "en",
                    "--no-location",
                    "--no-obsolete",
                    "--ignore",
                    "tests/*",
                ],
                cwd=PACKAGE,
                env=env,
                check=True,
            )
    missing = 0
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        catalogue = polib.pofile(str(po_path))
        language = po_path.parent.parent.name
        for entry in catalogue:
            if language == "en" and not entry.translated():
                entry.msgstr = entry.msgid
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
        catalogue.save()
        catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
        untranslated = [e.msgid for e in catalogue if not e.translated()]
        for msgid in untranslated:
            print(f"{language}: untranslated: {msgid!r}")
        missing += len(untranslated)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
