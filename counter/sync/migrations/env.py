"""Alembic environment of the sync server: runs on the engine handed over in the config."""

from alembic import context

from counter.sync.store import VERSION_TABLE, ServerBase

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=ServerBase.metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
