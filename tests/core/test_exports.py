"""The shared exports: formula-safe cells, streamed CSV/JSON, XLSX read back with openpyxl."""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone

import pytest
from openpyxl import load_workbook

from inspraak.exports import csv_lines, csv_text, json_lines, safe_cell, xlsx_tempfile

HOSTILE = ["=1+1", "+31 6 1234", "-2+3", "@SUM(A1)", "\t=1+1", "\r=cmd|' /C calc'!A0", " =HYPERLINK(\"x\")",
           "\n=1", "＝1+1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_text_that_could_start_a_formula_is_neutralised(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["gewoon tekst", "1+1=2", "e-mail: a@b.nl", "", "50%"])
def test_ordinary_text_is_left_alone(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("value", [-5, 3.5, None, True])
def test_numbers_and_booleans_stay_values(value):
    assert safe_cell(value) is value


def test_csv_is_streamed_line_by_line_and_reads_back():
    rows = ([n, f"=antwoord {n}", datetime(2026, 1, 2, 3, 4, tzinfo=timezone.utc)] for n in range(3))
    lines = csv_lines(["nr", "tekst", "tijd"], rows)
    first = next(lines)
    assert first.startswith("\ufeffnr,tekst,tijd")
    parsed = list(csv.reader(io.StringIO("".join([first[1:], *lines]))))
    assert parsed[1] == ["0", "'=antwoord 0", "2026-01-02T03:04:00+00:00"]
    assert len(parsed) == 4


def test_csv_text_quotes_delimiters_and_newlines():
    text = csv_text(["a"], [["een, twee\ndrie"]])
    assert list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1] == ["een, twee\ndrie"]


def test_json_lines_make_a_valid_array():
    assert json.loads("".join(json_lines({"n": n, "t": "=x"} for n in range(3)))) == [
        {"n": 0, "t": "=x"}, {"n": 1, "t": "=x"}, {"n": 2, "t": "=x"}]
    assert json.loads("".join(json_lines([]))) == []


def test_xlsx_has_one_sheet_each_and_no_live_formula():
    with xlsx_tempfile([("Reacties", ["nr", "tekst"], [[1, "=1+1"], [2, "gewoon"]]),
                        ("Thema's: [alle]", ["thema"], [["@x"]])]) as handle:
        workbook = load_workbook(handle)
    assert workbook.sheetnames == ["Reacties", "Thema's_ _alle_"]
    sheet = workbook["Reacties"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [["nr", "tekst"], [1, "'=1+1"], [2, "gewoon"]]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
