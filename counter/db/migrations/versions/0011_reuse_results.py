"""The dossiers' reuse and electronic-result counts: papers reused from an earlier dossier of
the same ID number, and results attached (signed or not).

Revision ID: 0011_reuse
Revises: 0010_trust
Create Date: 2026-12-02 15:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_reuse"
down_revision = "0010_trust"
branch_labels = None
depends_on = None

COLUMNS = ("reused_attachments", "results", "signed_results")


def upgrade() -> None:
    # As 0009_scan: a plain ADD COLUMN with a constant default rebuilds nothing. No event of
    # a reuse or a result exists before this release, so 0 is every dossier's true count.
    for name in COLUMNS:
        op.add_column("dossiers", sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
    # Intake looks up an ID number's digitised papers: only dossiers that have some are indexed.
    op.create_index(
        "ix_dossiers_id_number",
        "dossiers",
        ["id_number"],
        sqlite_where=sa.text("attachments + results > 0"),
    )


def downgrade() -> None:
    op.drop_index("ix_dossiers_id_number", "dossiers")
    with op.batch_alter_table("dossiers") as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)
