"""indexes for the queries the public pages run (issue 13)

Revision ID: 0010
Revises: 0009
"""
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_consultation_status_closes_at", "consultation", ["status", "closes_at"]),
    ("ix_survey_status_created_at", "survey", ["status", "created_at"]),
    ("ix_survey_response_survey_submitted", "survey_response", ["survey_id", "submitted_at", "respondent_category"]),
    ("ix_roundtable_registration_counts", "roundtable_registration", ["roundtable_id", "status", "category"]),
]


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade():
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
