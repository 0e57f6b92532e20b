"""security log: an admin ending someone's sessions, refusals by a rate limit or a honeypot

Three new kinds of security event (OWASP ASVS 5.0 7.4.5 and 16.3.3): ``sessions_ended`` (an
admin signed a person out everywhere), ``rate_limited`` (a request refused because its
client went over a rate limit) and ``honeypot_filled`` (a form refused because a program
filled in its hidden field). The CHECK constraint on the kind grows by these three.

Revision ID: 0014
Revises: 0013
"""
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

KINDS = ("'sign_in', 'sign_in_failed', 'sign_out', 'two_factor_enabled', 'two_factor_failed', 'two_factor_reset', "
         "'recovery_code_used', 'role_changed', 'password_changed', 'access_refused', 'api_token_created'")
NEW_KINDS = "'sessions_ended', 'rate_limited', 'honeypot_filled'"


def _kinds(kinds: str) -> None:
    with op.batch_alter_table('security_event', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_security_event_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_security_event_kind'), f"kind IN ({kinds})")


def upgrade():
    _kinds(f"{KINDS}, {NEW_KINDS}")


def downgrade():
    op.execute(f"DELETE FROM security_event WHERE kind IN ({NEW_KINDS})")
    _kinds(KINDS)
