"""The register entry of a dossier (book and number, Mẫu 01 and Mẫu 07) and the signer of the
office's letters (Mẫu 04, Mẫu 05).

Revision ID: 0006_forms
Revises: 0005_fees
Create Date: 2026-12-02 14:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_forms"
down_revision = "0005_fees"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN: a batch copy of `dossiers` would drop its search triggers.
    op.add_column(
        "dossiers",
        sa.Column("register_book", sa.String(length=20), nullable=False, server_default=""),
    )
    op.add_column(
        "dossiers", sa.Column("register_no", sa.Integer(), nullable=False, server_default="0")
    )
    op.create_index(
        "ix_dossiers_register", "dossiers", ["register_book", "register_no"], unique=False
    )
    for name in ("signer_power", "signer_title", "signer_name"):
        op.add_column(
            "office", sa.Column(name, sa.String(length=100), nullable=False, server_default="")
        )


def downgrade() -> None:
    op.drop_index("ix_dossiers_register", table_name="dossiers")
    for name in ("signer_power", "signer_title", "signer_name"):
        op.drop_column("office", name)
    op.drop_column("dossiers", "register_no")
    op.drop_column("dossiers", "register_book")
