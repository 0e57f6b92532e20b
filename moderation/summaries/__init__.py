"""Consultation summaries for policy teams: analysis runs over a consultation's answers
(stored per answer and per question, reused while the input is unchanged), corrections by
policy officers that survive re-analysis, who responded, the dashboard and the draft
consultation report (DOCX, PDF) with the data (XLSX, CSV, JSON).

Pages live under ``/moderatie/samenvattingen``; the text analysis itself is
``moderation.analysis`` (pure), this package stores and presents it."""
