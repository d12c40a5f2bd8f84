"""The Users pages (Pengguna) of ministry admins: the list, invitations one by one or from a spreadsheet, a user's
page (corrections, invitation sent again, deactivation, the chair of a team); and the invitee's page that sets their
first password. The coverage page (who is missing where) is curation/views/coverage.py: it reads the assessors'
assignments."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from core.decorators import rule_required
from core.forms import SpreadsheetForm
from core.spreadsheets import UnreadableFile
from core.views import paginate, run_service

from .. import invitations, rules, selectors, services
from ..forms import InvitationForm, UserEditForm, UserFilterForm
from ..imports import import_invitations, summary, template_workbook
from ..models import User

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@rule_required("accounts.manage_users")
def user_list(request):
    filters = UserFilterForm(request.GET or None)
    page, query = paginate(request, filters.filter(selectors.users_for_list()), 50)
    return render(request, "accounts/users/list.html", {"filters": filters, "page": page, "query": query})


@require_http_methods(["GET", "POST"])
@rule_required("accounts.invite")
def user_invite(request):
    form = InvitationForm(
        request.POST or None,
        by=request.user,
        initial={key: request.GET.get(key) for key in ("role", "regency") if request.GET.get(key)},
    )
    if form.is_valid():
        done = run_service(
            request,
            services.invite_user,
            form.save(commit=False),
            by=request.user,
            success=lambda user: (
                _("%(user)s is invited: the e-mail with their link is on its way to %(email)s.")
                % {"user": user, "email": user.email}
            ),
        )
        if done:
            if request.user.is_ministry_admin:
                return redirect("accounts:user_detail", done.result.pk)
            return redirect("accounts:user_invite")
    # A team's chair (TEAM_CHAIRS_MAY_INVITE) has no Users list: their team's pending invitations are listed here.
    pending = (
        None
        if request.user.is_ministry_admin
        else User.objects.manageable_by(request.user).filter(selectors.PENDING, is_active=True).order_by("email")
    )
    return render(
        request,
        "accounts/users/invite.html",
        {"form": form, "valid_hours": settings.INVITATION_VALID_HOURS, "pending": pending},
    )


@rule_required("accounts.manage_users")
def user_import_template(request):
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="template-pengguna-ovop.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
@rule_required("accounts.manage_users")
def user_import(request):
    form = SpreadsheetForm(request.POST or None, request.FILES or None)
    results = None
    if request.method == "POST" and form.is_valid():
        try:
            results = import_invitations(form.cleaned_data["file"], by=request.user)
        except UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            messages.info(request, summary(results))
    return render(request, "accounts/users/import.html", {"form": form, "results": results})


@require_http_methods(["GET", "POST"])
@rule_required("accounts.manage_users")
def user_detail(request, pk):
    """A user's page: their details to correct (audited field by field) and the actions on the account."""
    user = get_object_or_404(
        User.objects.manageable_by(request.user).select_related("regency__province", "province"), pk=pk
    )
    form = UserEditForm(request.POST or None, instance=user)
    if form.is_valid() and run_service(
        request, services.save_user, form.save(commit=False), by=request.user, success=_("Changes saved.")
    ):
        return redirect("accounts:user_detail", user.pk)
    actor = request.user
    return render(
        request,
        "accounts/users/detail.html",
        {
            "account": user,
            "form": form,
            "actions": {
                "resend": rules.may_resend(actor, user),
                "deactivate": rules.may_deactivate(actor, user),
                "reactivate": rules.may_reactivate(actor, user),
                "chair": rules.may_name_chair(actor, user),
            },
        },
    )


USER_ACTIONS = {
    "resend": (
        services.resend_invitation,
        gettext_lazy("The invitation is sent again to %(email)s; earlier links no longer work."),
    ),
    "deactivate": (
        services.deactivate_user,
        gettext_lazy("%(user)s can no longer sign in; their work stays in their name."),
    ),
    "reactivate": (services.reactivate_user, gettext_lazy("%(user)s can sign in again.")),
    "chair": (services.name_chair, gettext_lazy("%(user)s now chairs the selection team of %(province)s.")),
}


@require_POST
@rule_required("accounts.invite")
def user_action(request, pk, action):
    """Resend the invitation, deactivate, reactivate, or name the chair (each asks its predicate in the service)."""
    user = get_object_or_404(User.objects.manageable_by(request.user).select_related("province"), pk=pk)
    if action not in USER_ACTIONS:
        messages.error(request, _("Unknown action."))
    else:
        service, done = USER_ACTIONS[action]
        run_service(
            request,
            service,
            user,
            by=request.user,
            success=lambda changed: str(done) % {"user": changed, "email": changed.email, "province": changed.province},
        )
    if request.user.is_ministry_admin:
        return redirect("accounts:user_detail", user.pk)
    return redirect("accounts:user_invite")


INVITATION_SESSION_KEY = "_invitation_token"


@never_cache
def invitation(request, uidb64, token):
    """The link of the e-mail: a valid one is kept in the session and the page without it in its address is
    shown (as Django's password reset does, so the link is not in the browser's history or a Referer)."""
    user = User.objects.filter(pk=invitations.user_id_from(uidb64)).first()
    refusal = services.link_refusal(invitations.check(user, uidb64, token))
    if refusal:
        return render(request, "accounts/users/invitation.html", {"refusal": refusal}, status=400)
    request.session[INVITATION_SESSION_KEY] = token
    return redirect("accounts:invitation_set_password", uidb64)


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def invitation_set_password(request, uidb64):
    """The invitee chooses a password (Django's SetPasswordForm: the password validators apply) and is signed in."""
    user = User.objects.filter(pk=invitations.user_id_from(uidb64)).first()
    token = request.session.get(INVITATION_SESSION_KEY, "")
    refusal = services.link_refusal(invitations.check(user, uidb64, token))
    if refusal is None and request.user.is_authenticated and request.user.pk != user.pk:
        refusal = _("You are signed in as %(user)s: sign out, then open the link of the invitation again.") % {
            "user": request.user.username
        }
    if refusal:
        return render(request, "accounts/users/invitation.html", {"refusal": refusal}, status=400)
    form = SetPasswordForm(user, request.POST or None)
    accepted = form.is_valid() and run_service(request, services.accept_invitation, user, uidb64, token, form)
    if accepted:
        del request.session[INVITATION_SESSION_KEY]
        login(request, accepted.result, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your password is set. Welcome to the OVOP Portal."))
        return redirect("home")
    return render(request, "accounts/users/invitation.html", {"form": form, "account": user})
