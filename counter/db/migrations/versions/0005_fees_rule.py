"""A procedure's fee rule (per case, per copy, per page with a tier and a cap, free), beside its
base amount: counter/domain/fees.py reads it.

Revision ID: 0005_fees
Revises: 0004
Create Date: 2026-12-02 14:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_fees"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (SQLite takes it with a constant default): no copy of the table.
    op.add_column(
        "procedures", sa.Column("fee_rule", sa.String(200), nullable=False, server_default="")
    )


def downgrade() -> None:
    with op.batch_alter_table("procedures") as batch:
        batch.drop_column("fee_rule")
