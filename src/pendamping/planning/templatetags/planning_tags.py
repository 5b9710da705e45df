"""Small formatting filters for the workforce pages."""

from django import template

register = template.Library()


@register.filter
def hhmm(minutes) -> str:
    """Minutes after midnight as HH:MM."""
    if minutes is None:
        return ""
    total = round(float(minutes))
    return f"{total // 60:02d}:{total % 60:02d}"


@register.filter
def fte(value) -> str:
    """A worker count: whole numbers plain, fractions with up to two decimals."""
    if value is None or value == "":
        return "–"
    value = float(value)
    if value.is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


@register.filter
def get(mapping, key):
    if mapping is None:
        return None
    return mapping.get(key)
