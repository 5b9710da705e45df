"""`{% person_programs person %}`: the person's programs and eligibility on the registry page."""

from django import template

from pendamping.core.scope import area_in_scope

from .. import selectors
from ..models import OPEN_ENROLMENT

register = template.Library()


@register.inclusion_tag("programs/_person_programs.html", takes_context=True)
def person_programs(context, person):
    """The registry page has already checked that the user may see this person."""
    user = context["request"].user
    if not area_in_scope(user, person.kelurahan_id) or getattr(user, "role", "") == "rtrw":
        return {"person": person, "enrolments": [], "checks": [], "eligible": []}
    enrolments = selectors.person_enrolments(person=person)
    checks = selectors.person_eligibility(person=person)
    open_codes = {e.program.code for e in enrolments if e.status in OPEN_ENROLMENT}
    return {
        "person": person,
        "enrolments": enrolments,
        "checks": checks,
        "eligible": [
            r["program"] for r in checks if r["eligible"] and r["program"].code not in open_codes
        ],
    }
