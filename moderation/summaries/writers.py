"""One function that writes the summary in any download format, to a binary file."""
from __future__ import annotations

import json
from typing import IO

from inspraak import exports
from moderation.summaries import data, report
from moderation.summaries.dashboard import Summary


def write(summary: Summary, fmt: str, target: IO[bytes]) -> None:
    if fmt == "docx":
        report.write_docx(summary, target)
    elif fmt == "pdf":
        report.write_pdf(summary, target)
    elif fmt == "xlsx":
        exports.write_xlsx(target, data.xlsx_sheets(summary))
    elif fmt == "csv":
        for line in exports.csv_lines(data.ANSWER_HEADER, data.answer_rows(summary)):
            target.write(line.encode("utf-8"))
    elif fmt == "json":
        target.write(json.dumps(data.summary_document(summary), ensure_ascii=False, indent=1).encode("utf-8"))
    else:
        raise ValueError(f"unknown format {fmt!r}")
