"""security log

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

KINDS = ("'sign_in', 'sign_in_failed', 'sign_out', 'two_factor_enabled', 'two_factor_failed', 'two_factor_reset', "
         "'recovery_code_used', 'role_changed', 'password_changed', 'access_refused', 'api_token_created'")


def upgrade():
    op.create_table('security_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('client_hash', sa.String(length=16), nullable=True),
    sa.Column('detail', sa.String(length=200), nullable=False),
    sa.CheckConstraint(f"kind IN ({KINDS})", name=op.f('ck_security_event_kind')),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_security_event_actor_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_security_event_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_security_event'))
    )
    with op.batch_alter_table('security_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_security_event_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_security_event_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('security_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_security_event_user_id'))
        batch_op.drop_index(batch_op.f('ix_security_event_at'))
    op.drop_table('security_event')
