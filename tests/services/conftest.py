"""Fixtures of the service tests beyond tests/support: the mail and SMS servers."""

from tests.services.servers import silent_smtp, sms_gateway, smtp_server  # noqa: F401
