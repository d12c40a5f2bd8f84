"""What the apps' Django admin classes share."""


class ReadOnlyAdmin:
    """A model the Django admin shows but never changes: its changes go through the portal's pages and services,
    which check the state (a closed round stays closed) and write the audit trail; or it is append-only (the audit
    trail) or reference data (the regions)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
