"""The request id on every log line: django-guid's filter (settings.LOGGING), with `-` outside a request."""

from django_guid.log_filters import CorrelationId


class RequestIdFilter(CorrelationId):
    def __init__(self):
        super().__init__(correlation_id_field="request_id")

    def filter(self, record):
        super().filter(record)
        if record.request_id is None:
            record.request_id = "-"
        return True
