"""Exports (who, when, which decisions) and the feedback's meeting, author and date on a round.

Revision ID: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    with op.batch_alter_table("rounds") as batch:
        batch.add_column(sa.Column("meeting", sa.String(500), nullable=True))
        batch.add_column(sa.Column("author", sa.String(200), nullable=True))
        batch.add_column(sa.Column("date", sa.String(40), nullable=True))
    op.create_table(
        "exports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("dossier_id", sa.Integer, sa.ForeignKey("dossiers.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("decisions", sa.JSON, nullable=False),
        sa.Column("files", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("exports")
    with op.batch_alter_table("rounds") as batch:
        for column in ("date", "author", "meeting"):
            batch.drop_column(column)
