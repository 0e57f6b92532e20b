"""consultation summaries: analysis runs, stored results per answer and question, themes, corrections

Revision ID: 0008
Revises: 0007


"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('summary_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('reused', sa.Integer(), nullable=False),
    sa.Column('analysed', sa.Integer(), nullable=False),
    sa.Column('responses', sa.Integer(), nullable=False),
    sa.Column('respondents', sa.JSON(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name=op.f('ck_summary_run_status')),
    sa.CheckConstraint('done >= 0 AND done <= total', name=op.f('ck_summary_run_progress')),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_summary_run_consultation_id_consultation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'], name=op.f('fk_summary_run_requested_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_summary_run_survey_id_survey'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_run'))
    )
    with op.batch_alter_table('summary_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_summary_run_consultation_id'), ['consultation_id'], unique=False)

    op.create_table('summary_question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('input_hash', sa.String(length=64), nullable=False),
    sa.Column('campaigns', sa.JSON(), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.Column('analysed_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_summary_question_consultation_id_consultation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['survey_question.id'], name=op.f('fk_summary_question_question_id_survey_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_question')),
    sa.UniqueConstraint('question_id', name=op.f('uq_summary_question_question_id'))
    )
    with op.batch_alter_table('summary_question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_summary_question_consultation_id'), ['consultation_id'], unique=False)

    op.create_table('summary_theme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=10), nullable=False),
    sa.Column('machine_label', sa.String(length=200), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=True),
    sa.Column('terms', sa.JSON(), nullable=False),
    sa.Column('representative_ids', sa.JSON(), nullable=False),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('is_retired', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("origin IN ('machine', 'human')", name=op.f('ck_summary_theme_origin')),
    sa.CheckConstraint('merged_into_id IS NULL OR merged_into_id != id', name=op.f('ck_summary_theme_not_merged_into_itself')),
    sa.ForeignKeyConstraint(['merged_into_id'], ['summary_theme.id'], name=op.f('fk_summary_theme_merged_into_id_summary_theme'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['question_id'], ['survey_question.id'], name=op.f('fk_summary_theme_question_id_survey_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_theme'))
    )
    with op.batch_alter_table('summary_theme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_summary_theme_question_id'), ['question_id'], unique=False)

    op.create_table('summary_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('sentiment', sa.String(length=10), nullable=False),
    sa.Column('polarity', sa.Float(), nullable=False),
    sa.Column('stance', sa.String(length=10), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=True),
    sa.Column('campaign', sa.Integer(), nullable=True),
    sa.Column('sentiment_override', sa.String(length=10), nullable=True),
    sa.Column('stance_override', sa.String(length=10), nullable=True),
    sa.Column('theme_override_id', sa.Integer(), nullable=True),
    sa.Column('analysed_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("sentiment IN ('positive', 'neutral', 'negative')", name=op.f('ck_summary_answer_sentiment')),
    sa.CheckConstraint("sentiment_override IS NULL OR sentiment_override IN ('positive', 'neutral', 'negative')", name=op.f('ck_summary_answer_sentiment_override')),
    sa.CheckConstraint("stance IN ('supports', 'opposes', 'mixed', 'unclear')", name=op.f('ck_summary_answer_stance')),
    sa.CheckConstraint("stance_override IS NULL OR stance_override IN ('supports', 'opposes', 'mixed', 'unclear')", name=op.f('ck_summary_answer_stance_override')),
    sa.ForeignKeyConstraint(['answer_id'], ['survey_answer.id'], name=op.f('fk_summary_answer_answer_id_survey_answer'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['survey_question.id'], name=op.f('fk_summary_answer_question_id_survey_question'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['summary_theme.id'], name=op.f('fk_summary_answer_theme_id_summary_theme'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['theme_override_id'], ['summary_theme.id'], name=op.f('fk_summary_answer_theme_override_id_summary_theme'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_answer')),
    sa.UniqueConstraint('answer_id', name=op.f('uq_summary_answer_answer_id'))
    )
    with op.batch_alter_table('summary_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_summary_answer_question_id'), ['question_id'], unique=False)

    op.create_table('summary_correction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=True),
    sa.Column('answer_id', sa.Integer(), nullable=True),
    sa.Column('theme_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('before', sa.String(length=300), nullable=False),
    sa.Column('after', sa.String(length=300), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('rename', 'merge', 'split', 'move', 'sentiment', 'stance')", name=op.f('ck_summary_correction_kind')),
    sa.CheckConstraint("source IN ('machine', 'human')", name=op.f('ck_summary_correction_source')),
    sa.ForeignKeyConstraint(['answer_id'], ['survey_answer.id'], name=op.f('fk_summary_correction_answer_id_survey_answer'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_summary_correction_consultation_id_consultation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['survey_question.id'], name=op.f('fk_summary_correction_question_id_survey_question'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['summary_theme.id'], name=op.f('fk_summary_correction_theme_id_summary_theme'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_summary_correction_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_correction'))
    )
    with op.batch_alter_table('summary_correction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_summary_correction_answer_id'), ['answer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_summary_correction_consultation_id'), ['consultation_id'], unique=False)



def downgrade():
    with op.batch_alter_table('summary_correction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_summary_correction_consultation_id'))
        batch_op.drop_index(batch_op.f('ix_summary_correction_answer_id'))

    op.drop_table('summary_correction')
    with op.batch_alter_table('summary_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_summary_answer_question_id'))

    op.drop_table('summary_answer')
    with op.batch_alter_table('summary_theme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_summary_theme_question_id'))

    op.drop_table('summary_theme')
    with op.batch_alter_table('summary_question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_summary_question_consultation_id'))

    op.drop_table('summary_question')
    with op.batch_alter_table('summary_run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_summary_run_consultation_id'))

    op.drop_table('summary_run')
