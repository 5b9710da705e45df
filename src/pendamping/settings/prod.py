"""Production: refuses to start without the required variables; HTTPS-only cookies and HSTS."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, os

REQUIRED = ("SECRET_KEY", "ALLOWED_HOSTS")
missing = [name for name in REQUIRED if not os.environ.get(name)]
if missing:
    raise ImproperlyConfigured(f"Missing required environment variables: {', '.join(missing)}")

SECRET_KEY = os.environ["SECRET_KEY"]
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long")

DEBUG = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Cookies bound to this exact host over HTTPS (the __Host- prefix), 2FA always required.
SESSION_COOKIE_NAME = "__Host-pendamping-session"
CSRF_COOKIE_NAME = "__Host-pendamping-csrf"
PENDAMPING_REQUIRE_2FA = True
