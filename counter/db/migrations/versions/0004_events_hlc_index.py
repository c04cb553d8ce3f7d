"""An index on the events' clock, so the counter's clock resumes past the newest stored event
without reading every event (about 2 s at a million dossiers before).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 20:25:00
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_events_hlc", "events", ["hlc"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_events_hlc", table_name="events")
