"""Stand-alone surveys publish nothing: their responses are not published and keep no name

A survey that is not a consultation's questionnaire has no list of reactions and no
report, so its respondents' publication choice could never be honoured and the open
answers it put in the moderation queue's "pending" state would wait for ever. From now on
the survey does not ask (``Survey.publishes_responses``); this makes the stored responses
agree: not published, no respondent name, nothing pending.

Revision ID: 0013
Revises: 0012
"""
from alembic import op
import sqlalchemy as sa

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

STANDALONE = "SELECT id FROM survey WHERE consultation_id IS NULL"


def upgrade():
    op.execute(sa.text(
        "UPDATE survey_answer SET moderation_status = 'not_applicable' WHERE moderation_status = 'pending' "
        f"AND response_id IN (SELECT id FROM survey_response WHERE survey_id IN ({STANDALONE}))"))
    op.execute(sa.text(
        "UPDATE survey_response SET publication = 'not_published', respondent_name = NULL "
        f"WHERE survey_id IN ({STANDALONE})"))


def downgrade():
    pass   # the choices that were never honoured are not restored
