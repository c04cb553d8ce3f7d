"""Alembic environment: runs on the engine the application opened (no alembic.ini needed)."""

from alembic import context

from counter.db.models import Base

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        # The FTS5 index and its shadow tables are created by hand in the migrations.
        include_name=lambda name, kind, _parent: (
            not (kind == "table" and name and name.startswith("dossier_fts"))
        ),
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
