"""Bahasa Indonesia unless the user chose English with the switch.

Django's LocaleMiddleware would also follow the browser's Accept-Language, and many government laptops
run English browsers; the portal speaks Indonesian by default, so only the language cookie counts.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
