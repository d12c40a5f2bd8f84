"""The two-factor pages: the code after the password, setting up an authenticator app, recovery codes, turning
two-factor off, and another ministry admin's reset after a lost phone (accounts/two_factor.py does the work)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from core.decorators import rule_required
from core.exceptions import WorkflowError
from core.views import run_service

from . import services, two_factor
from .models import User
from .rules import may_disable_two_factor
from .views import locked_out

NEW_CODES = "two_factor_new_codes"  # session key: recovery codes to show once


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        help_text=gettext_lazy("The 6 digits your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "autocapitalize": "none"}),
    )


class NewCodeForm(CodeForm):
    code = forms.CharField(
        label=gettext_lazy("Code from the app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ReplaceForm(NewCodeForm):
    """Moving to a new phone: the code of the new app, and the current one of the app it replaces."""

    current = forms.CharField(
        label=gettext_lazy("Code from the app you use now"),
        max_length=32,
        help_text=gettext_lazy("Lost the old phone? Enter one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none"}),
    )


class ResetForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    reason = forms.CharField(
        label=gettext_lazy("How you checked it was them"),
        max_length=500,
        help_text=gettext_lazy("Kept in the audit trail, e.g. 'called back on the number in the staff directory'."),
    )

    def clean_username(self):
        user = User.objects.filter(username=self.cleaned_data["username"].strip()).first()
        if user is None:
            raise forms.ValidationError(_("No user has this username."))
        return user


def _next_url(request):
    """Where to go after the code: the page asked for, if it is a path of this portal, else the user's home."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and target.isprintable()
        and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
def verify(request):
    """The second step of signing in: a code from the authenticator app, or a recovery code."""
    if request.user.is_verified() or not two_factor.has_two_factor(request.user):
        return HttpResponseRedirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        try:
            device = two_factor.check_code(request, request.user, form.cleaned_data["code"])
        except WorkflowError as error:
            if getattr(request, "axes_locked_out", False):
                credentials = {settings.AXES_USERNAME_FORM_FIELD: request.user.get_username()}
                logout(request)
                return locked_out(request, credentials=credentials)
            form.add_error("code", str(error))
        else:
            request.session.cycle_key()
            two_factor.verify(request, device)
            if device.persistent_id != two_factor.authenticator(request.user).persistent_id:
                messages.warning(
                    request,
                    _("You signed in with a recovery code; %(left)d left. Make new ones on your account page.")
                    % {"left": two_factor.recovery_codes_left(request.user)},
                )
            return HttpResponseRedirect(_next_url(request))
    context = {
        "form": form,
        "next": request.GET.get("next", ""),
        "heading": _("Two-factor sign-in"),
        "intro": _("Enter the code your authenticator app shows for the OVOP Portal."),
        "submit_label": _("Sign in"),
    }
    return render(request, "accounts/two_factor/verify.html", context)


@never_cache  # the key and the recovery codes stay out of every cache
@login_required
def setup(request):
    """Add the portal to an authenticator app: scan the QR code (or type the key), confirm with a code."""
    if two_factor.has_two_factor(request.user) and not request.user.is_verified():
        return redirect("accounts:two_factor_verify")
    device = two_factor.pending_authenticator(request, start=request.method != "POST")
    replacing = two_factor.has_two_factor(request.user)
    form = (ReplaceForm if replacing else NewCodeForm)(request.POST or None)
    if form.is_valid():
        try:
            if device is None:  # this session's key was replaced by a set-up opened elsewhere
                raise WorkflowError(_("This key is not being set up any more: start again."))
            if replacing:
                two_factor.check_current_code(request.user, form.cleaned_data["current"])
            codes = two_factor.confirm_authenticator(request, device, form.cleaned_data["code"])
        except WorkflowError as error:
            form.add_error("code", str(error))
        else:
            request.session.pop(two_factor.PENDING_SESSION_KEY, None)
            request.session[NEW_CODES] = codes
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect("accounts:two_factor_recovery_codes")
    device = device or two_factor.pending_authenticator(request, start=True)
    context = {
        "form": form,
        "key": two_factor.key_text(device),
        "qr": two_factor.qr_svg(device),
        "replacing": replacing,
        "required": two_factor.is_required(request.user),
    }
    return render(request, "accounts/two_factor/setup.html", context)


@never_cache
@login_required
def recovery_codes(request):
    """New recovery codes, shown once (after setting up, or when asked for: the old ones then stop working)."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(request, two_factor.regenerate_recovery_codes, request.user, form.cleaned_data["code"])
        if done:
            request.session[NEW_CODES] = done.result
            messages.success(request, _("New recovery codes made: the old ones no longer work."))
        return redirect("accounts:two_factor_recovery_codes")
    context = {
        "form": form,
        "codes": request.session.pop(NEW_CODES, None),
        "left": two_factor.recovery_codes_left(request.user),
        "enabled": two_factor.has_two_factor(request.user),
    }
    return render(request, "accounts/two_factor/recovery_codes.html", context)


@login_required
def disable(request):
    """Turn two-factor sign-in off, confirmed with a current code; roles that require it cannot."""
    verdict = may_disable_two_factor(request.user)
    if not two_factor.has_two_factor(request.user):
        return redirect("accounts:profile")
    form = CodeForm(request.POST or None)
    code = form.cleaned_data["code"] if verdict and form.is_valid() else None
    if code and run_service(request, two_factor.disable, request, code, success=_("Two-factor sign-in is off.")):
        return redirect("accounts:profile")
    return render(request, "accounts/two_factor/disable.html", {"form": form, "verdict": verdict})


@rule_required("accounts.reset_two_factor")
def reset(request):
    """A ministry admin resets another user's two-factor sign-in after checking it is really them (a lost phone)."""
    form = ResetForm(request.POST or None)
    if form.is_valid():
        user = form.cleaned_data["username"]
        if run_service(
            request,
            services.reset_two_factor,
            user,
            by=request.user,
            reason=form.cleaned_data["reason"],
            success=_("The two-factor sign-in of %(user)s was reset; they were told by e-mail.") % {"user": user},
        ):
            return redirect("accounts:two_factor_reset")
    return render(request, "accounts/two_factor/reset.html", {"form": form})
