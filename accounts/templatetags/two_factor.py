"""The two-factor section of the account page, drawn from what the signed-in user has set up."""

from django import template
from rules import test_rule

from .. import two_factor
from ..rules import may_disable_two_factor

register = template.Library()


@register.inclusion_tag("accounts/two_factor/_profile_section.html")
def two_factor_section(user):
    return {
        "enabled": two_factor.has_two_factor(user),
        "left": two_factor.recovery_codes_left(user),
        "may_disable": may_disable_two_factor(user),
        "may_reset_others": test_rule("accounts.reset_two_factor", user),
    }
