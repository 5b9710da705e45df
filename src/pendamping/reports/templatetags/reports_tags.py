"""A fast thousands separator for dashboard tables: `intcomma` costs about 50 µs a call, and a
city dashboard has over a thousand numbers."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import get_format

register = template.Library()


@register.filter
def num(value) -> str:
    """An int grouped by the active language's separator (1.074.989 / 1,074,989)."""
    if type(value) is int:
        return f"{value:,}".replace(",", get_format("THOUSAND_SEPARATOR"))
    return intcomma(value)
