"""Both catalogues are complete and compiled; pages come in Indonesian by default."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "src" / "pendamping" / "locale"


@pytest.mark.parametrize("language", ["id", "en"])
def test_catalogue_is_complete_and_compiled(language):
    po_path = LOCALE / language / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(po_path))
    assert [e.msgid for e in catalogue if not e.translated()] == []
    compiled = {e.msgid: e.msgstr for e in polib.mofile(str(po_path.with_suffix(".mo"))) if e.msgid}
    expected = {e.msgid: e.msgstr for e in catalogue if e.msgid and not e.obsolete}
    plural = {e.msgid for e in catalogue if e.msgid_plural}
    # polib reads plural entries back from a .mo without their forms: compare the rest exactly.
    assert {k: v for k, v in compiled.items() if k not in plural} == {
        k: v for k, v in expected.items() if k not in plural
    }
    assert plural <= set(compiled)


def test_every_translatable_string_in_the_code_is_in_the_catalogue():
    """A cheap stand-in for makemessages: template {% translate "..." %} literals are present."""
    import re

    catalogue = {e.msgid for e in polib.pofile(str(LOCALE / "id" / "LC_MESSAGES" / "django.po"))}
    package = LOCALE.parent
    pattern = re.compile(r"""{% translate ["'](.+?)["'] %}""")
    missing = set()
    for template in package.rglob("templates/**/*.html"):
        for literal in pattern.findall(template.read_text(encoding="utf-8")):
            if literal not in catalogue:
                missing.add((template.name, literal))
    assert missing == set()


@pytest.mark.django_db
def test_indonesian_by_default_even_for_english_phones(client):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="id"' in page.content.decode()
    assert "Masuk" in page.content.decode()
    client.cookies["django_language"] = "en"
    page = client.get("/accounts/login/")
    assert 'lang="en"' in page.content.decode()
