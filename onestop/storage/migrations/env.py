"""Alembic environment: runs on the engine the application hands over (SQLite or PostgreSQL)."""

from alembic import context
from sqlalchemy import create_engine

from onestop import faults
from onestop.storage.models import Base
from onestop.storage.search import include_name

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine") or create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",  # SQLite ALTER needs batch mode
            compare_type=True,
            include_name=include_name,   # the name-search objects of revision 0004
            # a kill point of the crash matrix, between two revisions (tests/reliability)
            on_version_apply=lambda **_kw: faults.hit("migrate.after_revision"),
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
