"""Trust: an office's root admin key, the server's receipt key, each counter's public key and
its pushed bytes of the day (a per-device daily quota).

Revision ID: s0002_trust
Revises: s0001
Create Date: 2026-12-02 14:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "s0002_trust"
down_revision = "s0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_offices") as batch:
        batch.add_column(sa.Column("authority", sa.Text(), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("receipt_key", sa.String(length=64), nullable=False, server_default="")
        )
    with op.batch_alter_table("sync_devices") as batch:
        batch.add_column(
            sa.Column("public_key", sa.String(length=60), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("quota_day", sa.String(length=10), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("quota_bytes", sa.BigInteger(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("sync_devices") as batch:
        batch.drop_column("quota_bytes")
        batch.drop_column("quota_day")
        batch.drop_column("public_key")
    with op.batch_alter_table("sync_offices") as batch:
        batch.drop_column("receipt_key")
        batch.drop_column("authority")
