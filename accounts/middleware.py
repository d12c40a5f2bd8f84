"""The accounts' middleware: the language the user chose, and two-factor sign-in before any page.

Bahasa Indonesia unless the user chose English with the switch. Django's LocaleMiddleware would also follow the
browser's Accept-Language, and many government laptops run English browsers; the portal speaks Indonesian by
default, so only the language cookie counts.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation

from . import two_factor


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class TwoFactorMiddleware:
    """Nothing but the two-factor pages before the second factor (accounts/two_factor.py).

    A signed-in user whose session is not verified is sent to the code page when they have an authenticator, and
    to the set-up page when their role requires two-factor and they have none; every other URL (pages, exports,
    PDFs, the Django admin) answers with that redirect. Runs after django-otp's OTPMiddleware, in process_view so
    that the URL is known (an unknown URL is a 404 that shows nothing).
    """

    # What an unverified user may still reach: the two-factor pages themselves, signing out, the language switch.
    OPEN = {"logout", "set_language", "health", "accounts:two_factor_verify", "accounts:two_factor_setup"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified() or request.resolver_match.view_name in self.OPEN:
            return None
        next_path = request.get_full_path() if request.method == "GET" else "/"
        if two_factor.has_two_factor(user):
            return redirect_to_login(next_path, reverse("accounts:two_factor_verify"))
        if two_factor.is_required(user):
            return redirect_to_login(next_path, reverse("accounts:two_factor_setup"))
        return None
