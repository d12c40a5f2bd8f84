"""Failed logins (django-axes): a username at one address, and an address whatever the usernames, each with a limit.

axes counts the failures of each set in AXES_LOCKOUT_PARAMETERS and compares the largest count with one limit.
Behind one load balancer, or in an office or a ministry network behind one NAT, many people share an address, so
the limit for an address must be much higher than for a username tried from it; otherwise five wrong guesses of
made-up usernames lock everyone out. This handler compares each set with its own limit.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_parameters
from django.conf import settings
from django.db.models import Sum


def failure_limit(parameters):
    """The limit of one lock-out parameter set: the address alone has AXES_ADDRESS_FAILURE_LIMIT."""
    return settings.AXES_ADDRESS_FAILURE_LIMIT if parameters == "ip_address" else settings.AXES_FAILURE_LIMIT


class PortalAxesHandler(AxesDatabaseHandler):
    def failures_by_parameters(self, request, credentials=None):
        """(parameter set, failures within the cool-off) for each set of AXES_LOCKOUT_PARAMETERS."""
        attempts = self.get_user_attempts(request, credentials)
        return [
            (parameters, queryset.aggregate(total=Sum("failures_since_start"))["total"] or 0)
            for parameters, queryset in zip(get_lockout_parameters(request, credentials), attempts, strict=False)
        ]

    def reset_user_attempts(self, request, credentials=None):
        """On a successful login, forget the failures of that username at that address only. axes' own reset also
        deletes every failure counted for the address alone, whatever its username: then anyone with one valid
        account could guess other accounts' passwords without end, logging in to their own between guesses."""
        count = 0
        for parameters, attempts in zip(
            get_lockout_parameters(request, credentials), self.filter_user_attempts(request, credentials), strict=False
        ):
            if parameters != "ip_address":
                count += attempts.delete()[0]
        return count

    def locked_sets(self, request, credentials=None):
        return [
            parameters
            for parameters, failures in self.failures_by_parameters(request, credentials)
            if failures >= failure_limit(parameters)
        ]

    def get_failures(self, request, credentials=None):
        """What axes compares with AXES_FAILURE_LIMIT: the username's failures at this address, or the limit itself
        once any set has reached its own limit."""
        counts = self.failures_by_parameters(request, credentials)
        worst = max((failures for parameters, failures in counts if parameters != "ip_address"), default=0)
        if any(failures >= failure_limit(parameters) for parameters, failures in counts):
            return max(worst, settings.AXES_FAILURE_LIMIT)
        return worst


def address_is_locked(request, credentials=None):
    """True when the visitor's address itself is locked (not only a username tried from it)."""
    return "ip_address" in AxesProxyHandler.get_implementation().locked_sets(request, credentials)
