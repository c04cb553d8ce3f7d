"""The dossiers' digitisation counts: papers attached (attachment_added) and the signed ones.

Revision ID: 0009_scan
Revises: 0008_screens
Create Date: 2026-12-02 14:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_scan"
down_revision = "0008_screens"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (constant default): SQLite changes no row, and the table is not
    # rebuilt, so the full-text triggers and the num key stay as they are.
    for name in ("attachments", "signed_attachments"):
        op.add_column("dossiers", sa.Column(name, sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("dossiers") as batch:
        batch.drop_column("signed_attachments")
        batch.drop_column("attachments")
