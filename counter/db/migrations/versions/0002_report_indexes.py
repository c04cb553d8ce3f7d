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
    # it by range scans on these moments. received_at (and status) ride along so that finding
    # the dossiers of an old period still open at its end ("finished after the period,
    # received before it") is a scan of the index alone, never of the table.
    op.create_index(
        "ix_dossiers_resolved_received", "dossiers", ["resolved_at", "received_at"], unique=False
    )
    op.create_index(
        "ix_dossiers_closed_status_received",
        "dossiers",
        ["closed_at", "status", "received_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_dossiers_closed_status_received", table_name="dossiers")
    op.drop_index("ix_dossiers_resolved_received", table_name="dossiers")
