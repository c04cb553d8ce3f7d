"""Users' Ed25519 key pairs: an admin signs reference changes (services/authority.py).

Revision ID: 0010_trust
Revises: 0009_scan
Create Date: 2026-12-02 14:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_trust"
down_revision = "0009_scan"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("public_key", sa.String(60), nullable=False, server_default=""))
        batch.add_column(sa.Column("secret_key", sa.String(200), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("secret_key")
        batch.drop_column("public_key")
