"""Tabular exports shared by every area: CSV, XLSX and JSON, streamed, formula-safe.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or
carriage return before one of those) as a formula, which lets a respondent's text run
commands on a policy officer's machine (CSV injection, OWASP). Every text cell written
here goes through ``safe_cell`` first; numbers, dates and booleans stay what they are.

Rows are consumed lazily, so an export of a million responses needs constant memory:
CSV and JSON are generated line by line, XLSX is written with xlsxwriter's
``constant_memory`` mode into a temporary file.
"""
from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import IO, Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value: Any) -> Any:
    """A value that no spreadsheet will run: text that could start a formula gets a leading '."""
    if isinstance(value, str):
        stripped = value.lstrip(" \t\r\n")
        if value.startswith(FORMULA_TRIGGERS) or stripped.startswith(FORMULA_TRIGGERS[:4]):
            return "'" + value
        return value
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


class _Line:
    """A file-like sink for csv.writer that hands back each written line."""

    def __init__(self) -> None:
        self.value = ""

    def write(self, text: str) -> None:
        self.value = text


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]], *, delimiter: str = ",") -> Iterator[str]:
    """The CSV text line by line (header first), every cell formula-safe. UTF-8 BOM first,
    so spreadsheet programs read accents correctly."""
    line = _Line()
    writer = csv.writer(line, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    yield "\ufeff" + line.value
    for row in rows:
        writer.writerow([safe_cell(_plain(cell)) for cell in row])
        yield line.value


def json_lines(records: Iterable[dict]) -> Iterator[str]:
    """A JSON array, one record per chunk. JSON is data, not a spreadsheet: no neutralising."""
    yield "["
    first = True
    for record in records:
        yield ("\n" if first else ",\n") + json.dumps(record, ensure_ascii=False, default=_plain)
        first = False
    yield "\n]\n"


def write_xlsx(target: IO[bytes] | str, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> None:
    """Write one sheet per (name, header, rows) in constant memory, every cell formula-safe."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(target, {
        "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False, "default_date_format": "yyyy-mm-dd hh:mm",
    })
    try:
        bold = workbook.add_format({"bold": True})
        for name, header, rows in sheets:
            sheet = workbook.add_worksheet(_sheet_name(name))
            sheet.write_row(0, 0, [safe_cell(h) for h in header], bold)
            sheet.freeze_panes(1, 0)
            for index, row in enumerate(rows, start=1):
                for column, cell in enumerate(row):
                    _write_cell(sheet, index, column, cell)
    finally:
        workbook.close()


def _write_cell(sheet, row: int, column: int, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, column, value)
    elif isinstance(value, datetime):
        sheet.write_datetime(row, column, value.replace(tzinfo=None))
    elif isinstance(value, date):
        sheet.write_string(row, column, value.isoformat())
    else:
        sheet.write_string(row, column, safe_cell(str(value)))


def _sheet_name(name: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name).strip("'") or "Blad"
    return cleaned[:31]


def xlsx_tempfile(sheets) -> IO[bytes]:
    """The workbook in a temporary file (deleted when closed), positioned at its start."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    write_xlsx(handle, sheets)
    handle.seek(0)
    return handle


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The whole CSV as one string (small exports, tests)."""
    buffer = io.StringIO()
    for line in csv_lines(header, rows):
        buffer.write(line)
    return buffer.getvalue()
