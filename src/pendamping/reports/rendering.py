"""The dashboard's figures rendered once per rebuild of the figures and kept in the cache.

Rendering about 1,200 table cells takes longer than reading the figures, and the figures only
change when the background task rebuilds them, so the rendered headline and panels are cached
under a key made of everything they depend on: the rebuild, the user's areas (not the user:
every supervisor of the city shares one entry), the months, the area, the language and the
current assignments (worker counts are read live)."""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import translation

from .selectors import Window, default_window, refresh_state
from .selectors import dashboard as dashboard_panels
from .selectors import headline as headline_figures

TIMEOUT = 24 * 3600


def _assignments_fingerprint() -> str:
    from pendamping.accounts.models import Assignment, User

    row = Assignment.objects.aggregate(n=Count("id"), last=Max("id"), ended=Count("valid_to"))
    active = User.objects.filter(is_active=True).count()
    return f"{row['n']}.{row['last']}.{row['ended']}.{active}"


def fragments_key(window: Window, name: str = "dashboard") -> str | None:
    """None when the figures were never built (nothing worth caching)."""
    state = refresh_state()
    if state is None or state.refreshed_at is None:
        return None
    parts = [
        name,
        state.refreshed_at.isoformat(),
        _assignments_fingerprint(),
        ",".join(map(str, sorted(window.geo.visible))),
        f"{window.start:%Y-%m}",
        f"{window.end:%Y-%m}",
        window.area.code if window.area is not None else "",
        translation.get_language() or settings.LANGUAGE_CODE,
    ]
    return "reports:fragments:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def cached_fragments(
    window: Window, name: str, render: Callable[[], dict[str, str]]
) -> dict[str, str]:
    """The fragments `render` makes for this window, from the cache when the same figures
    were rendered before."""
    key = fragments_key(window, name)
    if key is not None:
        cached = cache.get(key)
        if cached is not None:
            return cached
    fragments = render()
    if key is not None:
        cache.set(key, fragments, TIMEOUT)
    return fragments


def dashboard_fragments(window: Window) -> dict[str, str]:
    """{"headline": html, "panels": html} for a dashboard or an area page."""

    def render() -> dict[str, str]:
        context = {
            "panels": dashboard_panels(window),
            "headline": headline_figures(window),
            "query": window.query(),
            "area": window.area,
        }
        return {
            "headline": render_to_string("reports/_headline.html", context),
            "panels": render_to_string("reports/_panels.html", context),
        }

    return cached_fragments(window, "dashboard", render)


def role_profile_fragments(window: Window, by: str) -> dict[str, str]:
    """{"body": html}: the role shares of the window grouped `by`, from the per-assistant
    figures (the one-assistant page counts live and is not cached)."""
    from . import role_profile

    def render() -> dict[str, str]:
        context = {
            "shares": role_profile.role_shares(window, by),
            "by": by,
            "groupings": list(role_profile.GROUPINGS.items()),
            "roles": role_profile.role_rows({}, {}),
            "thresholds": [round(100 * t) for t in role_profile.thresholds()],
            "query": window.query(),
        }
        return {"body": render_to_string("reports/_role_profile_body.html", context)}

    return cached_fragments(window, f"roles:{by}", render)


def warm_city_dashboard() -> int:
    """After a rebuild: render the city dashboard and the role profile by assistant of the
    default months in every language, so the first supervisor of the day does not wait.
    Returns how many entries were rendered."""
    from pendamping.accounts.models import CITY_WIDE_ROLES, User

    actor = User.objects.filter(is_active=True, role__in=CITY_WIDE_ROLES).order_by("pk").first()
    if actor is None:
        return 0
    done = 0
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            window = default_window(actor)
            dashboard_fragments(window)
            role_profile_fragments(window, "assistant")
            done += 2
    return done
