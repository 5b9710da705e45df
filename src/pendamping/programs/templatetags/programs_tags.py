"""`{% person_programs person %}`: the person's programs and eligibility on the registry page.

The tag only places the panel; its content (eligibility for every program, about 50 ms) is
fetched by htmx after the page, so the person page stays fast."""

from django import template

register = template.Library()


@register.inclusion_tag("programs/_person_programs_slot.html")
def person_programs(person):
    return {"person": person}
