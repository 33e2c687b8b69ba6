"""Fixtures of the storage tests (shared with the service tests)."""

from tests.services.support import clock, ctx, db_url, engine, template  # noqa: F401
