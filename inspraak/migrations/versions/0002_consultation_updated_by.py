"""consultation.updated_by: who made the last change

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('updated_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_consultation_updated_by_id_user_account'), 'user_account',
                                    ['updated_by_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_consultation_updated_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('updated_by_id')
