"""Fixtures of the service tests (defined in support.py, shared with tests/storage)."""

from tests.services.support import clock, ctx, db_url, engine, template  # noqa: F401
from tests.services.servers import silent_smtp, sms_gateway, smtp_server  # noqa: F401
