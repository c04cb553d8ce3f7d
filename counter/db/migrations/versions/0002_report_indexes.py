"""Indexes for reports: dossiers resolved or closed within a period.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 14:40:00
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A period's report finds the dossiers resolved, returned, refused, stopped or withdrawn in
    # it (and those carried over) by range scans on these two moments.
    op.create_index("ix_dossiers_resolved_at", "dossiers", ["resolved_at"], unique=False)
    op.create_index("ix_dossiers_closed_at", "dossiers", ["closed_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_dossiers_closed_at", table_name="dossiers")
    op.drop_index("ix_dossiers_resolved_at", table_name="dossiers")
