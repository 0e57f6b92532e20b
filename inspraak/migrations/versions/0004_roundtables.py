"""roundtables: events, seats per stakeholder category, registrations

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('roundtable',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('mode', sa.String(length=12), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description_markdown', sa.Text(), nullable=False),
    sa.Column('description_html', sa.Text(), nullable=False),
    sa.Column('agenda_markdown', sa.Text(), nullable=False),
    sa.Column('agenda_html', sa.Text(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=True),
    sa.Column('topic_id', sa.Integer(), nullable=True),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=True),
    sa.Column('online_url', sa.String(length=500), nullable=True),
    sa.Column('signup_opens_at', sa.DateTime(), nullable=False),
    sa.Column('signup_closes_at', sa.DateTime(), nullable=False),
    sa.Column('max_per_organisation', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('selection_closed_at', sa.DateTime(), nullable=True),
    sa.Column('minutes_markdown', sa.Text(), nullable=True),
    sa.Column('minutes_html', sa.Text(), nullable=True),
    sa.Column('key_points_markdown', sa.Text(), nullable=True),
    sa.Column('key_points_html', sa.Text(), nullable=True),
    sa.Column('summary_published_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('roundtable', 'workshop', 'webinar', 'stakeholder_meeting', 'tasting')", name=op.f('ck_roundtable_kind')),
    sa.CheckConstraint("mode IN ('first_come', 'selection')", name=op.f('ck_roundtable_mode')),
    sa.CheckConstraint('consultation_id IS NOT NULL OR topic_id IS NOT NULL', name=op.f('ck_roundtable_linked')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_roundtable_period')),
    sa.CheckConstraint('max_per_organisation >= 1', name=op.f('ck_roundtable_max_per_organisation_positive')),
    sa.CheckConstraint('place IS NOT NULL OR online_url IS NOT NULL', name=op.f('ck_roundtable_location')),
    sa.CheckConstraint('signup_closes_at <= starts_at', name=op.f('ck_roundtable_signup_before_start')),
    sa.CheckConstraint('signup_closes_at > signup_opens_at', name=op.f('ck_roundtable_signup_period')),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_roundtable_consultation_id_consultation'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['user_account.id'], name=op.f('fk_roundtable_owner_id_user_account')),
    sa.ForeignKeyConstraint(['topic_id'], ['topic.id'], name=op.f('fk_roundtable_topic_id_topic')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roundtable'))
    )
    with op.batch_alter_table('roundtable', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roundtable_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_roundtable_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_roundtable_starts_at'), ['starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_roundtable_topic_id'), ['topic_id'], unique=False)

    op.create_table('roundtable_registration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('roundtable_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('organisation_place', sa.Integer(), nullable=True),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('waitlist_position', sa.Integer(), nullable=True),
    sa.Column('code', sa.String(length=9), nullable=False),
    sa.Column('cancel_token_hash', sa.String(length=64), nullable=False),
    sa.Column('motivation', sa.Text(), nullable=True),
    sa.Column('accessibility_needs', sa.Text(), nullable=True),
    sa.Column('diet', sa.Text(), nullable=True),
    sa.Column('is_adult_confirmed', sa.Boolean(), nullable=False),
    sa.Column('consent_at', sa.DateTime(), nullable=False),
    sa.Column('informed_consent_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('reminded_at', sa.DateTime(), nullable=True),
    sa.Column('attended_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("(status = 'waitlisted') = (waitlist_position IS NOT NULL)", name=op.f('ck_roundtable_registration_waitlist_position_iff_waitlisted')),
    sa.CheckConstraint("category IN ('citizen', 'ngo', 'company', 'business_association', 'knowledge_institution', 'public_authority', 'trade_union', 'consumer_organisation', 'other')", name=op.f('ck_roundtable_registration_category')),
    sa.CheckConstraint("status IN ('applied', 'confirmed', 'waitlisted', 'cancelled', 'rejected')", name=op.f('ck_roundtable_registration_status')),
    sa.CheckConstraint('organisation_place IS NULL OR organisation_place >= 1', name=op.f('ck_roundtable_registration_organisation_place_positive')),
    sa.CheckConstraint('waitlist_position IS NULL OR waitlist_position >= 1', name=op.f('ck_roundtable_registration_waitlist_position_positive')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_roundtable_registration_organisation_id_organisation'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['roundtable_id'], ['roundtable.id'], name=op.f('fk_roundtable_registration_roundtable_id_roundtable'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_roundtable_registration_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roundtable_registration')),
    sa.UniqueConstraint('cancel_token_hash', name=op.f('uq_roundtable_registration_cancel_token_hash')),
    sa.UniqueConstraint('code', name=op.f('uq_roundtable_registration_code')),
    sa.UniqueConstraint('roundtable_id', 'organisation_id', 'organisation_place', name=op.f('uq_roundtable_registration_organisation_place')),
    sa.UniqueConstraint('roundtable_id', 'user_id', name=op.f('uq_roundtable_registration_roundtable_id_user_id'))
    )
    with op.batch_alter_table('roundtable_registration', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roundtable_registration_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_roundtable_registration_roundtable_id'), ['roundtable_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_roundtable_registration_user_id'), ['user_id'], unique=False)

    op.create_table('roundtable_seat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('roundtable_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('taken', sa.Integer(), nullable=False),
    sa.Column('waitlisted', sa.Integer(), nullable=False),
    sa.CheckConstraint("category IN ('citizen', 'ngo', 'company', 'business_association', 'knowledge_institution', 'public_authority', 'trade_union', 'consumer_organisation', 'other')", name=op.f('ck_roundtable_seat_category')),
    sa.CheckConstraint('seats >= 0', name=op.f('ck_roundtable_seat_seats_not_negative')),
    sa.CheckConstraint('taken <= seats', name=op.f('ck_roundtable_seat_taken_within_seats')),
    sa.CheckConstraint('taken >= 0', name=op.f('ck_roundtable_seat_taken_not_negative')),
    sa.CheckConstraint('waitlisted >= 0', name=op.f('ck_roundtable_seat_waitlisted_not_negative')),
    sa.ForeignKeyConstraint(['roundtable_id'], ['roundtable.id'], name=op.f('fk_roundtable_seat_roundtable_id_roundtable'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roundtable_seat')),
    sa.UniqueConstraint('roundtable_id', 'category', name=op.f('uq_roundtable_seat_roundtable_id_category'))
    )
    with op.batch_alter_table('roundtable_seat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roundtable_seat_roundtable_id'), ['roundtable_id'], unique=False)



def downgrade():
    with op.batch_alter_table('roundtable_seat', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roundtable_seat_roundtable_id'))

    op.drop_table('roundtable_seat')
    with op.batch_alter_table('roundtable_registration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roundtable_registration_user_id'))
        batch_op.drop_index(batch_op.f('ix_roundtable_registration_roundtable_id'))
        batch_op.drop_index(batch_op.f('ix_roundtable_registration_organisation_id'))

    op.drop_table('roundtable_registration')
    with op.batch_alter_table('roundtable', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roundtable_topic_id'))
        batch_op.drop_index(batch_op.f('ix_roundtable_starts_at'))
        batch_op.drop_index(batch_op.f('ix_roundtable_owner_id'))
        batch_op.drop_index(batch_op.f('ix_roundtable_consultation_id'))

    op.drop_table('roundtable')
