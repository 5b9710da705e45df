"""The pure rule engine: each field, groups, validation, and bulk = per-person explanation."""

import random
from datetime import date

import pytest
from django.utils import translation

from pendamping.programs import eligibility as el

TODAY = date(2026, 11, 29)


@pytest.fixture(autouse=True)
def english():
    """The messages are checked in the source language here; pages are tested in Indonesian."""
    with translation.override("en"):
        yield


def facts(**kw) -> el.Facts:
    home = el.HouseholdFacts(
        size=kw.pop("size", 3),
        birth_dates=kw.pop("member_births", [date(1980, 1, 1), date(2015, 6, 1)]),
        disabled=kw.pop("disabled", 0),
        decile=kw.pop("decile", 3),
        dwelling=kw.pop("dwelling", "rent"),
        categories=kw.pop("household_categories", set()),
        programs=kw.pop("household_programs", set()),
    )
    base = dict(
        person_id=1,
        birth_date=date(1980, 1, 1),
        sex="P",
        disability="",
        status="active",
        relationship="head",
        kelurahan_code="14.71.01.1002",
        household=home,
    )
    base.update(kw)
    return el.Facts(**base)


def cond(field, op, group=0, **value):
    return el.normalise({"field": field, "op": op, "value": value, "group": group})


def holds(condition, f) -> bool:
    return el.compile_condition(condition, TODAY)[0](f)


def test_age_bounds_are_inclusive_around_the_birthday():
    sixty = cond("age", "between", min=60)
    assert holds(sixty, facts(birth_date=date(1966, 11, 29)))  # 60 today
    assert not holds(sixty, facts(birth_date=date(1966, 11, 30)))  # 60 tomorrow
    child = cond("age", "between", max=17)
    assert holds(child, facts(birth_date=date(2008, 11, 30)))  # 17, 18 tomorrow
    assert not holds(child, facts(birth_date=date(2008, 11, 29)))  # 18 today
    assert not holds(child, facts(birth_date=None))


def test_born_on_29_february():
    assert el.years_before(date(2027, 2, 28), 1) == date(2026, 2, 28)
    assert el.years_before(date(2028, 2, 29), 1) == date(2027, 2, 28)


def test_category_counts_household_classifications_too():
    c = cond("category", "any_of", values=["PPKS24"])
    assert holds(c, facts(household_categories={"PPKS24"}))
    assert holds(c, facts(categories={"PPKS24"}))
    assert not holds(c, facts(categories={"PPKS08"}))
    assert holds(cond("category", "none_of", values=["PPKS24"]), facts(categories={"PPKS08"}))


def test_decile_unknown_fails_a_range_but_matches_unknown():
    assert not holds(cond("decile", "between", min=1, max=4), facts(decile=None))
    assert holds(cond("decile", "between", min=1, max=4), facts(decile=4))
    assert not holds(cond("decile", "between", min=1, max=4), facts(decile=5))
    assert holds(cond("decile", "unknown"), facts(decile=None))


def test_household_composition_size_area_and_programs():
    f = facts(member_births=[date(1950, 1, 1), date(1985, 1, 1)], size=2, disabled=1)
    assert not holds(cond("household_member", "child_under", age=18), f)
    assert holds(cond("household_member", "elder_from", age=70), f)
    assert holds(cond("household_member", "disabled_member"), f)
    assert holds(cond("household_size", "between", min=2, max=2), f)
    assert holds(cond("area", "in", values=["14.71.01"]), f)
    assert not holds(cond("area", "not_in", values=["14.71.01"]), f)
    assert holds(cond("program", "household_not_in", program="pkh"), f)
    assert not holds(cond("program", "household_in", program="pkh"), f)
    g = facts(household_programs={"pkh"}, programs=set())
    assert holds(cond("program", "household_in", program="pkh"), g)
    assert holds(cond("program", "person_not_in", program="pkh"), g)
    assert holds(cond("sex", "is", value="P"), g)
    assert holds(cond("disability", "has_none"), g)
    assert holds(cond("status", "in", values="active, moved_within"), g)


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ({"field": "income", "op": "between"}, "Unknown field"),
        ({"field": "age", "op": "in", "value": {"values": ["1"]}}, "operator"),
        ({"field": "age", "op": "between", "value": {}}, "minimum"),
        ({"field": "age", "op": "between", "value": {"min": 9, "max": 3}}, "above"),
        ({"field": "age", "op": "between", "value": {"min": "x"}}, "whole number"),
        ({"field": "category", "op": "any_of", "value": {"values": []}}, "at least one"),
        ({"field": "sex", "op": "is", "value": {"value": "X"}}, "L or P"),
        ({"field": "program", "op": "person_in", "value": {"program": "self"}}, "itself"),
        ({"field": "age", "op": "between", "value": {"min": 1}, "group": 12}, "group"),
    ],
)
def test_bad_conditions_are_refused_with_a_reason(condition, message):
    with pytest.raises(el.RuleError, match=message):
        el.normalise(condition, program_code="self")


def test_explain_lists_every_condition_and_groups_are_any_of():
    rules = [
        cond("decile", "between", min=1, max=4),
        cond("household_member", "child_under", group=1, age=18),
        cond("household_member", "elder_from", group=1, age=70),
    ]
    young_family = facts(decile=2)
    checks = el.explain(rules, young_family, today=TODAY)
    assert [c.met for c in checks] == [True, True, False]
    assert el.verdict(checks)
    assert checks[0].observed == "2"
    assert "between" in checks[0].text
    no_one = facts(decile=2, member_births=[date(1980, 1, 1)])
    assert not el.verdict(el.explain(rules, no_one, today=TODAY))
    assert not el.verdict([])


def test_bulk_evaluation_agrees_with_the_explanation_for_every_person():
    """The list of the whole registry and "why / why not" must never disagree."""
    rng = random.Random(5)
    rules = [
        cond("age", "between", min=18, max=64),
        cond("category", "any_of", values=["PPKS24", "PPKS09"]),
        cond("decile", "between", max=5),
        cond("household_member", "child_under", group=1, age=6),
        cond("household_member", "disabled_member", group=1),
    ]
    people = [
        facts(
            person_id=i,
            birth_date=date(rng.randint(1940, 2020), rng.randint(1, 12), rng.randint(1, 28)),
            categories=set(rng.sample(["PPKS24", "PPKS09", "PPKS08"], rng.randint(0, 2))),
            decile=rng.choice([None, 1, 3, 5, 6, 9]),
            disabled=rng.choice([0, 0, 1]),
            member_births=[date(rng.randint(1950, 2025), 5, 5) for _ in range(rng.randint(1, 4))],
        )
        for i in range(500)
    ]
    bulk = el.eligible_ids(rules, people, today=TODAY)
    one_by_one = {f.person_id for f in people if el.verdict(el.explain(rules, f, today=TODAY))}
    assert bulk == one_by_one
    assert 0 < len(bulk) < len(people)
    assert el.eligible_ids([], people, today=TODAY) == set()
