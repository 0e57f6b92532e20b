"""moderation: review items, findings, reports, moderator assignments and the
append-only decision log (UPDATE and DELETE refused by triggers)

Revision ID: 0007
Revises: 0006

The triggers are the same statements as in ``moderation.models`` (which create_all
runs); they are copied here so that this revision never changes with the models. A
later revision that rebuilds ``moderation_decision`` with batch_alter_table on SQLite
(copy, drop, rename) must drop the triggers first and create them again afterwards.
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


SQLITE_TRIGGERS = (
    "CREATE TRIGGER moderation_decision_no_update BEFORE UPDATE ON moderation_decision "
    "BEGIN SELECT RAISE(ABORT, 'moderation_decision is append-only'); END",
    "CREATE TRIGGER moderation_decision_no_delete BEFORE DELETE ON moderation_decision "
    "BEGIN SELECT RAISE(ABORT, 'moderation_decision is append-only'); END",
)
POSTGRES_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION moderation_decision_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'moderation_decision is append-only'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER moderation_decision_no_update BEFORE UPDATE OR DELETE ON moderation_decision "
    "FOR EACH ROW EXECUTE FUNCTION moderation_decision_append_only()",
    "CREATE TRIGGER moderation_decision_no_truncate BEFORE TRUNCATE ON moderation_decision "
    "FOR EACH STATEMENT EXECUTE FUNCTION moderation_decision_append_only()",
)


def upgrade():
    op.create_table('moderation_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('status_before', sa.String(length=12), nullable=False),
    sa.Column('status_after', sa.String(length=12), nullable=False),
    sa.Column('text_before', sa.Text(), nullable=True),
    sa.Column('text_after', sa.Text(), nullable=True),
    sa.Column('redactions', sa.JSON(), nullable=False),
    sa.CheckConstraint("action IN ('approve', 'redact', 'hide', 'restore', 'report_hide')", name=op.f('ck_moderation_decision_action')),
    sa.CheckConstraint("reason IS NULL OR reason IN ('personal_data', 'abuse', 'spam', 'off_topic', 'duplicate', 'other')", name=op.f('ck_moderation_decision_reason')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_decision'))
    )
    with op.batch_alter_table('moderation_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderation_decision_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_moderation_decision_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_moderation_decision_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_moderation_decision_item_id'), ['item_id'], unique=False)

    op.create_table('moderator_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['user_account.id'], name=op.f('fk_moderator_assignment_assigned_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_moderator_assignment_consultation_id_consultation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_moderator_assignment_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderator_assignment')),
    sa.UniqueConstraint('consultation_id', 'user_id', name=op.f('uq_moderator_assignment_consultation_id_user_id'))
    )
    with op.batch_alter_table('moderator_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderator_assignment_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_moderator_assignment_user_id'), ['user_id'], unique=False)

    op.create_table('moderation_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('redactions', sa.JSON(), nullable=False),
    sa.Column('published_text', sa.Text(), nullable=True),
    sa.Column('hide_reason', sa.String(length=20), nullable=True),
    sa.Column('is_hidden_by_reports', sa.Boolean(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('first_decided_at', sa.DateTime(), nullable=True),
    sa.Column('analysed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('text', 'file')", name=op.f('ck_moderation_item_kind')),
    sa.CheckConstraint("status = 'approved' OR published_text IS NULL", name=op.f('ck_moderation_item_published_only_when_approved')),
    sa.CheckConstraint("status IN ('pending', 'approved', 'hidden')", name=op.f('ck_moderation_item_status')),
    sa.ForeignKeyConstraint(['answer_id'], ['survey_answer.id'], name=op.f('fk_moderation_item_answer_id_survey_answer'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_moderation_item_consultation_id_consultation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['survey_question.id'], name=op.f('fk_moderation_item_question_id_survey_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_item')),
    sa.UniqueConstraint('answer_id', name=op.f('uq_moderation_item_answer_id'))
    )
    with op.batch_alter_table('moderation_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderation_item_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_moderation_item_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_moderation_item_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_moderation_item_submitted_at'), ['submitted_at'], unique=False)

    op.create_table('moderation_finding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('start_offset', sa.Integer(), nullable=False),
    sa.Column('end_offset', sa.Integer(), nullable=False),
    sa.Column('in_document', sa.Boolean(), nullable=False),
    sa.Column('detail', sa.String(length=200), nullable=False),
    sa.CheckConstraint("kind IN ('email', 'phone', 'bsn', 'iban', 'postcode', 'name', 'link', 'abuse', 'repeat', 'campaign')", name=op.f('ck_moderation_finding_kind')),
    sa.CheckConstraint('start_offset >= 0 AND end_offset >= start_offset', name=op.f('ck_moderation_finding_span')),
    sa.ForeignKeyConstraint(['item_id'], ['moderation_item.id'], name=op.f('fk_moderation_finding_item_id_moderation_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_finding'))
    )
    with op.batch_alter_table('moderation_finding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderation_finding_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_moderation_finding_kind'), ['kind'], unique=False)

    op.create_table('moderation_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('reporter_hash', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("reason IN ('personal_data', 'abuse', 'spam', 'off_topic', 'other')", name=op.f('ck_moderation_report_reason')),
    sa.ForeignKeyConstraint(['item_id'], ['moderation_item.id'], name=op.f('fk_moderation_report_item_id_moderation_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_report')),
    sa.UniqueConstraint('item_id', 'reporter_hash', name=op.f('uq_moderation_report_item_id_reporter_hash'))
    )
    with op.batch_alter_table('moderation_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderation_report_item_id'), ['item_id'], unique=False)

    bind = op.get_bind()
    for statement in POSTGRES_TRIGGERS if bind.dialect.name == "postgresql" else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS moderation_decision_no_truncate ON moderation_decision")
        op.execute("DROP TRIGGER IF EXISTS moderation_decision_no_update ON moderation_decision")
        op.execute("DROP FUNCTION IF EXISTS moderation_decision_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS moderation_decision_no_update")
        op.execute("DROP TRIGGER IF EXISTS moderation_decision_no_delete")
    with op.batch_alter_table('moderation_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moderation_report_item_id'))

    op.drop_table('moderation_report')
    with op.batch_alter_table('moderation_finding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moderation_finding_kind'))
        batch_op.drop_index(batch_op.f('ix_moderation_finding_item_id'))

    op.drop_table('moderation_finding')
    with op.batch_alter_table('moderation_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moderation_item_submitted_at'))
        batch_op.drop_index(batch_op.f('ix_moderation_item_status'))
        batch_op.drop_index(batch_op.f('ix_moderation_item_question_id'))
        batch_op.drop_index(batch_op.f('ix_moderation_item_consultation_id'))

    op.drop_table('moderation_item')
    with op.batch_alter_table('moderator_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moderator_assignment_user_id'))
        batch_op.drop_index(batch_op.f('ix_moderator_assignment_consultation_id'))

    op.drop_table('moderator_assignment')
    with op.batch_alter_table('moderation_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moderation_decision_item_id'))
        batch_op.drop_index(batch_op.f('ix_moderation_decision_consultation_id'))
        batch_op.drop_index(batch_op.f('ix_moderation_decision_at'))
        batch_op.drop_index(batch_op.f('ix_moderation_decision_actor_id'))

    op.drop_table('moderation_decision')
