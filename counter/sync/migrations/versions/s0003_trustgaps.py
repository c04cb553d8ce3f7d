"""Trust gaps: keys registered after enrolment, and the signed push heads that counters pull to
check every device's signature.

Revision ID: s0003_trustgaps
Revises: s0002_trust
Create Date: 2026-12-02 17:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "s0003_trustgaps"
down_revision = "s0002_trust"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_devices") as batch:
        batch.add_column(
            sa.Column("key_since", sa.String(length=64), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("key_registered", sa.String(length=19), nullable=False, server_default="")
        )
    # No head was kept before this revision: the server vouches for what each device has
    # pushed so far (its newest stored hash), its signed heads cover what comes after.
    op.execute(
        "UPDATE sync_devices SET key_since = COALESCE((SELECT e.hash FROM sync_events e "
        "WHERE e.office_id = sync_devices.office_id AND e.device = sync_devices.id "
        "ORDER BY e.seq DESC LIMIT 1), '')"
    )
    op.create_table(
        "sync_heads",
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("device", sa.String(length=36), nullable=False),
        sa.Column("prev", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("sig", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["sync_offices.id"], name=op.f("fk_sync_heads_office_id_sync_offices")
        ),
        sa.PrimaryKeyConstraint("office_id", "seq", name=op.f("pk_sync_heads")),
    )


def downgrade() -> None:
    op.drop_table("sync_heads")
    with op.batch_alter_table("sync_devices") as batch:
        batch.drop_column("key_registered")
        batch.drop_column("key_since")
