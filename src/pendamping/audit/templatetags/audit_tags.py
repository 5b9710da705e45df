"""`{% who_looked person %}`: the access history panel on a person's page, for those allowed."""

from django import template

from pendamping.audit.selectors import may_see_access_history, person_access_history

register = template.Library()


@register.inclusion_tag("audit/_who_looked.html", takes_context=True)
def who_looked(context, person) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not may_see_access_history(user, person):
        return {"allowed": False}
    return {"allowed": True, "events": person_access_history(person=person)}
