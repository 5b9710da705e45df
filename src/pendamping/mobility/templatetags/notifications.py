"""The unread count in the top bar (one indexed count per page)."""

from django import template

from pendamping.core.notifications import unread_for

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return unread_for(user=user).count()
