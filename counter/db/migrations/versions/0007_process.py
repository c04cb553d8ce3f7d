"""The internal process (quy trình nội bộ): each procedure's steps, and the step a dossier is at
with its own deadline.

Revision ID: 0007_process
Revises: 0006_forms
Create Date: 2026-12-02 14:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_process"
down_revision = "0006_forms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no table copy): the dossiers table may hold a million rows.
    op.add_column("procedures", sa.Column("steps", sa.Text(), nullable=False, server_default=""))
    op.add_column("dossiers", sa.Column("step", sa.Integer(), nullable=False, server_default="0"))
    op.add_column(
        "dossiers", sa.Column("step_name", sa.String(200), nullable=False, server_default="")
    )
    op.add_column(
        "dossiers", sa.Column("step_body", sa.String(200), nullable=False, server_default="")
    )
    op.add_column("dossiers", sa.Column("step_due_at", sa.String(19), nullable=True))
    op.create_index(
        "ix_dossiers_open_step_due",
        "dossiers",
        ["step_due_at"],
        unique=False,
        sqlite_where=sa.text("status IN (2, 4)"),
    )


def downgrade() -> None:
    op.drop_index("ix_dossiers_open_step_due", table_name="dossiers")
    for column in ("step_due_at", "step_body", "step_name", "step"):
        op.drop_column("dossiers", column)
    op.drop_column("procedures", "steps")
