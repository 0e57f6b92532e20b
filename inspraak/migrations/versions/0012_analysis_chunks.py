"""summary_chunk: what a label chunk hands on to the campaigns and themes (answer ids, MinHash signatures, a hash of its answers)

Revision ID: 0012
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'summary_chunk',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('low', sa.Integer(), nullable=False),
        sa.Column('answers', sa.Integer(), nullable=False),
        sa.Column('answer_sum', sa.String(length=64), nullable=False),
        sa.Column('answer_ids', sa.LargeBinary(), nullable=False),
        sa.Column('signatures', sa.LargeBinary(), nullable=True),
        sa.Column('eligible', sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(['question_id'], ['survey_question.id'], name=op.f('fk_summary_chunk_question_id_survey_question'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['run_id'], ['summary_run.id'], name=op.f('fk_summary_chunk_run_id_summary_run'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_chunk')),
        sa.UniqueConstraint('run_id', 'question_id', 'low', name=op.f('uq_summary_chunk_run_id_question_id_low')),
    )
    op.create_index(op.f('ix_summary_chunk_run_id'), 'summary_chunk', ['run_id'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        # Signatures are random numbers: compressing them only costs time.
        op.execute("ALTER TABLE summary_chunk ALTER COLUMN signatures SET STORAGE EXTERNAL")


def downgrade():
    op.drop_index(op.f('ix_summary_chunk_run_id'), table_name='summary_chunk')
    op.drop_table('summary_chunk')
