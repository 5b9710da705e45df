"""Search finds people through typos and Indonesian spelling variants, within scope only."""

from datetime import date

import pytest

from pendamping.registry import services
from pendamping.registry.names import name_keys, normalise_name
from pendamping.registry.nik import make_kk, make_nik
from pendamping.registry.search import SearchFilters, person_search
from pendamping.wilayah.models import Area

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Muhammad Rizky", "M. Rizki"),
        ("Mohamad Risky", "Muhamad Rizqi"),
        ("Djoko Soesilo", "Joko Susilo"),
        ("Siti Aminah", "St. Aminah"),
        ("Sity Aminah", "Siti Aminah"),
        ("Chairul Anwar", "Khairul Anwar"),
        ("H. Syamsuddin, S.Pd.", "Samsudin"),
        ("Noerhajati", "Nurhayati"),
        ("Tjahjo Koemolo", "Cahyo Kumolo"),
    ],
)
def test_spelling_variants_share_keys(a, b):
    assert name_keys(a) == name_keys(b), (normalise_name(a), normalise_name(b))


def test_titles_and_particles_are_dropped():
    assert normalise_name("Hj. Rosmawati br. Nasution, S.E.") == "rosmawati nasution"
    assert normalise_name("Drs. H. Abd. Rahman bin Yusuf") == "abdul rahman yusuf"


@pytest.fixture
def people(make_user):
    tksk = make_user("tksk", "14.71.01")
    names = [
        "Muhammad Rizky Ramadhan",
        "Siti Nurhayati",
        "Rudi Hartono Siregar",
        "Djoko Susilo",
        "Ahmad Fauzi",
        "Nurhayati",
        "Rosmawati Nasution",
    ]
    found = {}
    for i, name in enumerate(names):
        household = services.household_create(
            actor=tksk,
            kk=make_kk("14.71.01", date(2015, 1, 2), i + 1),
            kelurahan=Area.objects.get(code="14.71.01.1002"),
        )
        birth = date(1970 + i, 3, 4)
        found[name] = services.person_create(
            actor=tksk,
            household=household,
            name=name,
            sex="L",
            birth_date=birth,
            nik=make_nik("14.71.01", birth, "L", i + 1),
        )
    sail = services.household_create(
        actor=None,
        kk=make_kk("14.71.03", date(2015, 1, 2), 1),
        kelurahan=Area.objects.get(code="14.71.03.1001"),
    )
    found["sail"] = services.person_create(
        actor=None,
        household=sail,
        name="Rudi Hartono Siregar",
        sex="L",
        birth_date=date(1990, 1, 1),
    )
    return tksk, found


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("muhamad rizki", "Muhammad Rizky Ramadhan"),
        ("M. Riski Ramadan", "Muhammad Rizky Ramadhan"),
        ("siti nurhaiyati", "Siti Nurhayati"),
        ("rudi siregra", "Rudi Hartono Siregar"),
        ("Joko Soesilo", "Djoko Susilo"),
        ("achmad fauzy", "Ahmad Fauzi"),
        ("rosmawati br nasution", "Rosmawati Nasution"),
        ("Rudy Hartomo Siregar", "Rudi Hartono Siregar"),
    ],
)
def test_typos_and_variants_find_the_person_first(people, query, expected):
    tksk, found = people
    results = person_search(actor=tksk, query=query)
    assert results
    assert results[0] == found[expected]


def test_results_stay_in_scope(people):
    tksk, found = people
    results = person_search(actor=tksk, query="Rudi Hartono Siregar")
    assert found["sail"] not in results


def test_nik_exact_and_prefix(people):
    tksk, found = people
    person = found["Ahmad Fauzi"]
    assert person_search(actor=tksk, query=person.nik) == [person]
    by_prefix = person_search(actor=tksk, query=person.nik[:8])
    assert person in by_prefix
    assert person_search(actor=tksk, query="9999") == []


def test_kk_finds_the_members(people):
    tksk, found = people
    person = found["Djoko Susilo"]
    assert person_search(actor=tksk, query=person.household.kk) == [person]


def test_as_you_type_matches_an_unfinished_last_word(people):
    tksk, found = people
    assert found["Rosmawati Nasution"] in person_search(
        actor=tksk, query="rosmawati nasu", as_you_type=True
    )


def test_filters(people):
    tksk, found = people
    assert (
        person_search(actor=tksk, query="nurhayati", filters=SearchFilters(status="deceased")) == []
    )
    kecamatan = Area.objects.get(code="14.71.01")
    assert found["Nurhayati"] in person_search(
        actor=tksk, query="nurhayati", filters=SearchFilters(kecamatan_id=kecamatan.pk)
    )


def test_key_counts_are_capped_and_common_keys_ordered_by_stored_counts(people, monkeypatch):
    """Counting stops at the cap; above it the stored statistics tell common keys apart, and a
    key the statistics do not know yet is still counted live, so a new name is found at once."""
    from pendamping.registry import search
    from pendamping.registry.models import NameKeyFrequency

    siti, nurhayati = name_keys("Siti Nurhayati")
    assert search._frequencies({nurhayati, siti}, cap=1) == {nurhayati: 1, siti: 1}
    NameKeyFrequency.objects.create(key=nurhayati, count=900)
    NameKeyFrequency.objects.create(key=siti, count=40)
    counts = search._frequencies({nurhayati, siti, "zzzz"}, cap=1)
    assert counts == {nurhayati: 900, siti: 40}
    assert search._frequencies({nurhayati}) == {nurhayati: 2}  # live below the cap
    monkeypatch.setattr(search, "FREQUENCY_CAP", 1)
    tksk, found = people
    assert person_search(actor=tksk, query="siti nurhaiyati")[0] == found["Siti Nurhayati"]


def test_frequency_refresh_stores_only_common_keys(people):
    from pendamping.registry.models import NameKeyFrequency

    assert services.name_key_frequencies_refresh(threshold=2) >= 1
    nurhayati = name_keys("Nurhayati")[0]
    assert NameKeyFrequency.objects.get(key=nurhayati).count == 2
    assert not NameKeyFrequency.objects.filter(key=name_keys("Djoko")[0]).exists()
