from django.conf import settings


def shell(request) -> dict:
    """What the page shell needs on every page: the organisation and the user's role."""
    user = getattr(request, "user", None)
    return {
        "org_name": settings.PENDAMPING_ORG_NAME,
        "user_role": getattr(user, "role", None) if user and user.is_authenticated else None,
    }
