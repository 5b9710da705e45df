"""Property tests of the eligibility rules (issue 10: hypothesis tests of the rules): any input
either becomes a canonical condition or a RuleError; the whole-registry evaluation and one
person's "why / why not" always agree; age bounds agree with the age computed from the date."""

from datetime import date, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pendamping.programs.eligibility import (
    FIELDS,
    Facts,
    HouseholdFacts,
    RuleError,
    _age_test,
    age_on,
    describe,
    eligible_ids,
    explain,
    normalise,
    verdict,
)

CATEGORIES = ["PPKS01", "PPKS05", "PPKS12", "PPKS24"]
PROGRAMS = ["PKH", "BPNT", "PBI"]
AREAS = ["14.71", "14.71.01", "14.71.01.1002", "14.71.13.1001"]
DISABILITIES = ["", "physical", "sensory", "mental"]
STATUSES = ["active", "moved_within", "deceased"]
RELATIONSHIPS = ["head", "spouse", "child"]
DWELLINGS = ["own", "rent", "contract"]

junk = st.one_of(
    st.none(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.text(max_size=12),
    st.lists(st.text(max_size=6), max_size=3),
    st.floats(allow_nan=True),
    st.booleans(),
)
raw_condition = st.fixed_dictionaries(
    {
        "field": st.one_of(st.sampled_from(sorted(FIELDS)), st.text(max_size=8)),
        "op": st.one_of(
            st.sampled_from(sorted({op for spec in FIELDS.values() for op in spec.ops})),
            st.text(max_size=8),
        ),
        "value": st.one_of(
            st.none(),
            st.dictionaries(
                st.sampled_from(["values", "min", "max", "age", "value", "program"]), junk
            ),
        ),
        "group": st.one_of(st.none(), st.integers(min_value=-3, max_value=12), st.text(max_size=3)),
    }
)


@st.composite
def valid_condition(draw) -> dict:
    fld = draw(st.sampled_from(sorted(FIELDS)))
    op = draw(st.sampled_from(FIELDS[fld].ops))
    pool = {
        "category": CATEGORIES,
        "area": AREAS,
        "status": STATUSES,
        "relationship": RELATIONSHIPS,
        "dwelling": DWELLINGS,
        "disability": DISABILITIES[1:],
    }.get(fld, ["x"])
    low = draw(st.one_of(st.none(), st.integers(0, 100)))
    high = draw(st.one_of(st.none(), st.integers(0, 100)))
    if low is None and high is None:
        low = 0
    if low is not None and high is not None and low > high:
        low, high = high, low
    value = {
        "values": draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3)),
        "min": low,
        "max": high,
        "age": draw(st.integers(0, 100)),
        "value": draw(st.sampled_from(["L", "P"])),
        "program": draw(st.sampled_from(PROGRAMS)),
    }
    group = draw(st.sampled_from([0, 0, 1, 2]))
    return normalise({"field": fld, "op": op, "value": value, "group": group}, program_code="X")


birth = st.one_of(st.none(), st.dates(min_value=date(1920, 1, 1), max_value=date(2026, 11, 1)))


@st.composite
def facts(draw, person_id: int = 1) -> Facts:
    household = HouseholdFacts(
        size=draw(st.integers(1, 12)),
        birth_dates=draw(
            st.lists(st.dates(min_value=date(1920, 1, 1), max_value=date(2026, 11, 1)), max_size=6)
        ),
        disabled=draw(st.integers(0, 2)),
        decile=draw(st.one_of(st.none(), st.integers(1, 10))),
        dwelling=draw(st.sampled_from(DWELLINGS)),
        categories=set(draw(st.lists(st.sampled_from(CATEGORIES), max_size=2))),
        programs=set(draw(st.lists(st.sampled_from(PROGRAMS), max_size=2))),
    )
    return Facts(
        person_id=person_id,
        birth_date=draw(birth),
        sex=draw(st.sampled_from(["L", "P"])),
        disability=draw(st.sampled_from(DISABILITIES)),
        status=draw(st.sampled_from(STATUSES)),
        relationship=draw(st.sampled_from(RELATIONSHIPS)),
        kelurahan_code=draw(st.sampled_from(["14.71.01.1002", "14.71.02.1001", "14.71.13.1001"])),
        household=household,
        categories=set(draw(st.lists(st.sampled_from(CATEGORIES), max_size=2))),
        programs=set(draw(st.lists(st.sampled_from(PROGRAMS), max_size=2))),
    )


TODAY = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(raw_condition)
@example({"field": "category", "op": "any_of", "value": {"values": None}, "group": None})
@example({"field": "area", "op": "in", "value": {"values": 7}, "group": 0})
@example({"field": "age", "op": "between", "value": {"min": float("inf")}, "group": 0})
@example({"field": "age", "op": "between", "value": ["min"], "group": 0})
def test_any_input_is_a_canonical_condition_or_a_rule_error(condition):
    try:
        canonical = normalise(condition, program_code="X")
    except RuleError as exc:
        message = str(exc)  # a message for the admin, never an empty one
        canonical = None
    if canonical is None:
        assert message
        return
    assert normalise(canonical, program_code="X") == canonical
    assert describe(canonical)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(valid_condition(), min_size=1, max_size=5), facts(), TODAY)
def test_the_whole_registry_and_one_persons_explanation_agree(conditions, person, today):
    checks = explain(conditions, person, today=today)
    assert len(checks) == len(conditions)
    assert (person.person_id in eligible_ids(conditions, [person], today=today)) == verdict(checks)


@FAST
@given(
    st.dates(min_value=date(1920, 1, 1), max_value=date(2028, 12, 31)),
    TODAY,
    st.one_of(st.none(), st.integers(0, 100)),
    st.one_of(st.none(), st.integers(0, 100)),
)
def test_age_bounds_agree_with_the_age_on_the_day(born, today, low, high):
    if born > today:
        born = today - timedelta(days=1)
    age = age_on(born, today)
    person = Facts(1, born, "L", "", "active", "head", "14.71.01.1002", HouseholdFacts())
    expected = (low is None or age >= low) and (high is None or age <= high)
    assert _age_test(low, high, today)(person) == expected


def test_a_program_without_rules_admits_nobody():
    person = Facts(
        1, date(1950, 1, 1), "P", "", "active", "head", "14.71.01.1002", HouseholdFacts()
    )
    assert eligible_ids([], [person], today=date(2026, 11, 29)) == set()
    assert verdict([]) is False
