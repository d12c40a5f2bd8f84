"""The errors every app's services raise, caught by the views (core.views.run_service) and shown to the user."""


class WorkflowError(Exception):
    """A refused action; str(error) is the message for the user."""


class StaleEdit(WorkflowError):
    """Somebody saved the record after this form was opened."""
