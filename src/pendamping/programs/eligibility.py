"""Eligibility rules as data: validation, human descriptions, and evaluation. No ORM here.

A program's rules are a list of conditions `{"field", "op", "value", "group"}`; a person is
eligible when every condition of group 0 holds and, in each other group, at least one does
(so "a child, an older person or a person with a disability in the household" is a group).
Each condition is compiled once into a small closure over the
`Facts` of a person, so the whole registry is evaluated in one pass over pre-loaded facts
(`programs.selectors.eligibility_facts`) and one person's "why / why not" uses exactly the
same code (decision 0050).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

NO_DISABILITY = ""


@dataclass(slots=True)
class HouseholdFacts:
    size: int = 0
    birth_dates: list[date] = field(default_factory=list)
    disabled: int = 0
    decile: int | None = None
    dwelling: str = ""
    categories: set[str] = field(default_factory=set)
    programs: set[str] = field(default_factory=set)


@dataclass(slots=True)
class Facts:
    """What the rules may look at for one person (and their household)."""

    person_id: int
    birth_date: date | None
    sex: str
    disability: str
    status: str
    relationship: str
    kelurahan_code: str
    household: HouseholdFacts
    categories: set[str] = field(default_factory=set)  # the person's own, valid today
    programs: set[str] = field(default_factory=set)  # receiving (approved or active)


@dataclass(frozen=True)
class Spec:
    label: object
    ops: tuple[str, ...]


# field -> what it means and which operators it takes; the value keys each op needs follow.
FIELDS: dict[str, Spec] = {
    "category": Spec(gettext_lazy("PPKS category"), ("any_of", "none_of")),
    "age": Spec(gettext_lazy("Age"), ("between",)),
    "sex": Spec(gettext_lazy("Sex"), ("is",)),
    "disability": Spec(gettext_lazy("Disability"), ("has_any", "has_none", "any_of")),
    "decile": Spec(gettext_lazy("Welfare decile (desil)"), ("between", "unknown")),
    "household_size": Spec(gettext_lazy("Household size"), ("between",)),
    "household_member": Spec(
        gettext_lazy("Household composition"),
        ("child_under", "elder_from", "disabled_member"),
    ),
    "area": Spec(gettext_lazy("Area"), ("in", "not_in")),
    "status": Spec(gettext_lazy("Record status"), ("in",)),
    "relationship": Spec(gettext_lazy("Relationship to head"), ("in",)),
    "dwelling": Spec(gettext_lazy("Dwelling status"), ("in",)),
    "program": Spec(
        gettext_lazy("Another program"),
        ("person_in", "person_not_in", "household_in", "household_not_in"),
    ),
}
OPS: dict[str, object] = {
    "any_of": gettext_lazy("is one of"),
    "none_of": gettext_lazy("is none of"),
    "between": gettext_lazy("between"),
    "is": gettext_lazy("is"),
    "has_any": gettext_lazy("has a disability"),
    "has_none": gettext_lazy("has no disability"),
    "unknown": gettext_lazy("not known yet"),
    "child_under": gettext_lazy("has a child younger than"),
    "elder_from": gettext_lazy("has a member aged at least"),
    "disabled_member": gettext_lazy("has a member with a disability"),
    "in": gettext_lazy("in"),
    "not_in": gettext_lazy("not in"),
    "person_in": gettext_lazy("the person receives"),
    "person_not_in": gettext_lazy("the person does not receive"),
    "household_in": gettext_lazy("the household receives"),
    "household_not_in": gettext_lazy("the household does not receive"),
}
LIST_OPS = {"any_of", "none_of", "in", "not_in"}
RANGE_OPS = {"between"}
AGE_OPS = {"child_under", "elder_from"}


class RuleError(ValueError):
    """A condition that cannot be evaluated; the message says what is wrong."""


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _int(value, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError) as exc:
        raise RuleError(_("%(name)s must be a whole number.") % {"name": name}) from exc
    if number < 0 or number > 200:
        raise RuleError(_("%(name)s is out of range.") % {"name": name})
    return number


def normalise(condition: dict, *, program_code: str = "") -> dict:
    """Check a condition and return it in canonical form, or raise RuleError."""
    fld, op = condition.get("field", ""), condition.get("op", "")
    if fld not in FIELDS:
        raise RuleError(_("Unknown field: %(field)s.") % {"field": fld})
    if op not in FIELDS[fld].ops:
        raise RuleError(_("This operator does not apply to this field."))
    value = condition.get("value") or {}
    if not isinstance(value, dict):
        raise RuleError(_("Give at least one value."))
    value = dict(value)
    group = _int(condition.get("group"), _("Group")) or 0
    if group > 9:
        raise RuleError(_("The group is a number from 0 to 9."))
    out: dict = {}
    if op in LIST_OPS:
        raw = value.get("values") or []
        if isinstance(raw, str):
            raw = raw.split(",")
        if not isinstance(raw, list | tuple):
            raise RuleError(_("Give at least one value."))
        values = sorted({str(v).strip() for v in raw if str(v).strip()})
        if not values:
            raise RuleError(_("Give at least one value."))
        out["values"] = values
    elif op in RANGE_OPS:
        low, high = _int(value.get("min"), _("Minimum")), _int(value.get("max"), _("Maximum"))
        if low is None and high is None:
            raise RuleError(_("Give a minimum, a maximum or both."))
        if low is not None and high is not None and low > high:
            raise RuleError(_("The minimum is above the maximum."))
        out = {"min": low, "max": high}
    elif op in AGE_OPS:
        age = _int(value.get("age"), _("Age"))
        if age is None:
            raise RuleError(_("Give an age."))
        out["age"] = age
    elif fld == "sex":
        if value.get("value") not in ("L", "P"):
            raise RuleError(_("Sex is L or P."))
        out["value"] = value["value"]
    elif fld == "program":
        code = str(value.get("program", "")).strip()
        if not code:
            raise RuleError(_("Choose the other program."))
        if code == program_code:
            raise RuleError(_("A program's rules cannot refer to the program itself."))
        out["program"] = code
    return {"field": fld, "op": op, "value": out, "group": group}


def describe(condition: dict, labels: dict[str, str] | None = None) -> str:
    """The condition in words, e.g. "Age between 60 and –"."""
    labels = labels or {}
    fld, op, value = condition["field"], condition["op"], condition.get("value") or {}
    head = f"{FIELDS[fld].label} {OPS[op]}"
    if "values" in value:
        return f"{head} {', '.join(labels.get(v, v) for v in value['values'])}"
    if op in RANGE_OPS:
        low, high = value.get("min"), value.get("max")
        return f"{head} {'–' if low is None else low} {_('and')} {'–' if high is None else high}"
    if op in AGE_OPS:
        return f"{head} {value['age']}"
    if fld == "sex":
        return f"{head} {labels.get(value['value'], value['value'])}"
    if fld == "program":
        return f"{head} {labels.get(value['program'], value['program'])}"
    return head


Test = Callable[[Facts], bool]
Observe = Callable[[Facts], str]


def _within(number: int | None, low: int | None, high: int | None) -> bool:
    if number is None:
        return False
    return (low is None or number >= low) and (high is None or number <= high)


def _age_test(low: int | None, high: int | None, today: date) -> Test:
    """Age bounds turned into birth-date bounds once, so no age is computed per person."""
    latest = years_before(today, low) if low is not None else None
    earliest = years_before(today, high + 1) if high is not None else None

    def test(f: Facts) -> bool:
        b = f.birth_date
        if b is None:
            return False
        return (latest is None or b <= latest) and (earliest is None or b > earliest)

    return test


def compile_condition(condition: dict, today: date) -> tuple[Test, Observe]:
    """A condition as (test, observe): whether it holds, and what the person's value is."""
    fld, op, value = condition["field"], condition["op"], condition.get("value") or {}
    values = set(value.get("values", ()))
    low, high = value.get("min"), value.get("max")

    if fld == "category":

        def cats(f: Facts) -> set[str]:
            return f.categories | f.household.categories

        hit = (
            (lambda f: bool(cats(f) & values))
            if op == "any_of"
            else (lambda f: not cats(f) & values)
        )
        return hit, lambda f: ", ".join(sorted(cats(f))) or "–"
    if fld == "age":
        return _age_test(
            low, high, today
        ), lambda f: str(age_on(f.birth_date, today)) if f.birth_date else "?"
    if fld == "sex":
        return (lambda f: f.sex == value["value"]), lambda f: f.sex
    if fld == "disability":
        tests = {
            "has_any": lambda f: f.disability != NO_DISABILITY,
            "has_none": lambda f: f.disability == NO_DISABILITY,
            "any_of": lambda f: f.disability in values,
        }
        return tests[op], lambda f: f.disability or "–"
    if fld == "decile":
        if op == "unknown":
            return (lambda f: f.household.decile is None), lambda f: str(f.household.decile or "?")
        return (lambda f: _within(f.household.decile, low, high)), lambda f: str(
            f.household.decile or "?"
        )
    if fld == "household_size":
        return (lambda f: _within(f.household.size, low, high)), lambda f: str(f.household.size)
    if fld == "household_member":
        if op == "disabled_member":
            return (lambda f: f.household.disabled > 0), lambda f: str(f.household.disabled)
        age = value["age"]
        if op == "child_under":
            after = years_before(today, age)
            return (lambda f: any(b > after for b in f.household.birth_dates)), lambda f: str(
                min((age_on(b, today) for b in f.household.birth_dates), default="?")
            )
        before = years_before(today, age)
        return (lambda f: any(b <= before for b in f.household.birth_dates)), lambda f: str(
            max((age_on(b, today) for b in f.household.birth_dates), default="?")
        )
    if fld == "area":
        prefixes = tuple(values)
        if op == "in":
            return (lambda f: f.kelurahan_code.startswith(prefixes)), lambda f: f.kelurahan_code
        return (lambda f: not f.kelurahan_code.startswith(prefixes)), lambda f: f.kelurahan_code
    if fld in ("status", "relationship"):
        return (lambda f: getattr(f, fld) in values), lambda f: getattr(f, fld) or "–"
    if fld == "dwelling":
        return (lambda f: f.household.dwelling in values), lambda f: f.household.dwelling or "–"
    if fld == "program":
        code = value["program"]
        tests = {
            "person_in": lambda f: code in f.programs,
            "person_not_in": lambda f: code not in f.programs,
            "household_in": lambda f: code in f.household.programs,
            "household_not_in": lambda f: code not in f.household.programs,
        }
        observe = (
            (lambda f: ", ".join(sorted(f.programs)) or "–")
            if op.startswith("person")
            else (lambda f: ", ".join(sorted(f.household.programs)) or "–")
        )
        return tests[op], observe
    raise RuleError(_("Unknown field: %(field)s.") % {"field": fld})


@dataclass(frozen=True)
class Check:
    condition: dict
    text: str
    met: bool
    observed: str


def explain(
    conditions: list[dict], facts: Facts, *, today: date, labels: dict[str, str] | None = None
) -> list[Check]:
    """Every condition with whether it holds for this person and the value it looked at."""
    out = []
    for condition in conditions:
        test, observe = compile_condition(condition, today)
        out.append(Check(condition, describe(condition, labels), test(facts), observe(facts)))
    return out


def verdict(checks: list[Check]) -> bool:
    """Eligible when all of group 0 and at least one of every other group are met."""
    if not checks:
        return False
    groups: dict[int, bool] = {}
    for check in checks:
        group = check.condition.get("group") or 0
        if group == 0:
            if not check.met:
                return False
        else:
            groups[group] = groups.get(group, False) or check.met
    return all(groups.values())


def eligible_ids(conditions: list[dict], facts: Iterable[Facts], *, today: date) -> set[int]:
    """The people who pass (a program without rules admits nobody)."""
    if not conditions:
        return set()
    required: list[Test] = []
    grouped: dict[int, list[Test]] = {}
    for condition in conditions:
        test = compile_condition(condition, today)[0]
        group = condition.get("group") or 0
        if group:
            grouped.setdefault(group, []).append(test)
        else:
            required.append(test)
    groups = list(grouped.values())
    return {
        f.person_id
        for f in facts
        if all(t(f) for t in required) and all(any(t(f) for t in g) for g in groups)
    }
