"""Bahasa Indonesia unless the user chose English, whatever language the phone is set to."""

from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """Like LocaleMiddleware, but ignores Accept-Language: many phones here are set to English."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
