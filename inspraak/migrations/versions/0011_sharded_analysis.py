"""summary_run: chunk jobs, how many are pending and the last progress; summary_answer: "no theme" chosen by an officer; summary_question: the theme model (the analysis run split into chunks)

Revision ID: 0011
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('summary_run', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chunks', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('pending_chunks', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('progress_at', sa.DateTime(), nullable=True))
        batch_op.create_check_constraint(op.f('ck_summary_run_pending_chunks'),
                                         'pending_chunks >= 0 AND pending_chunks <= chunks')
    with op.batch_alter_table('summary_question', schema=None) as batch_op:
        batch_op.add_column(sa.Column('theme_model', sa.LargeBinary(), nullable=True))
    with op.batch_alter_table('summary_answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('theme_cleared', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('summary_answer', schema=None) as batch_op:
        batch_op.drop_column('theme_cleared')
    with op.batch_alter_table('summary_question', schema=None) as batch_op:
        batch_op.drop_column('theme_model')
    with op.batch_alter_table('summary_run', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_summary_run_pending_chunks'), type_='check')
        batch_op.drop_column('progress_at')
        batch_op.drop_column('pending_chunks')
        batch_op.drop_column('chunks')
