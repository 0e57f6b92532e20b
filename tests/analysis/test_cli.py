"""inspraak analyse-file on CSV and TSV, and its refusals."""
from __future__ import annotations

import csv

ROWS = [
    ("1", "Ik steun het voorstel, het is een prachtige ontwikkeling."),
    ("2", "Ik ben tegen het voorstel, de risico's zijn te groot."),
    ("3", "I support this proposal, it is a good idea."),
] + [(str(n), "Ik ben tegen de versoepeling van de regels voor nieuwe genomische technieken en wil een etiket.")
     for n in range(4, 8)]


def _write(path, delimiter):
    with path.open("w", encoding="utf-8", newline="") as target:
        writer = csv.writer(target, delimiter=delimiter)
        writer.writerow(["id", "antwoord"])
        writer.writerows(ROWS)


def _read(path):
    with path.open(encoding="utf-8", newline="") as source:
        return list(csv.DictReader(source))


def test_analyse_file_on_csv_and_tsv(app, tmp_path):
    runner = app.test_cli_runner()
    for name, delimiter in (("in.csv", ","), ("in.tsv", "\t"), ("in.txt", ";")):
        source, output = tmp_path / name, tmp_path / f"{name}.out.csv"
        _write(source, delimiter)
        result = runner.invoke(args=["analyse-file", str(source), "--text-column", "antwoord", "--output", str(output)])
        assert result.exit_code == 0, result.output
        assert "7 answers analysed" in result.output and "1 campaign(s) with 4 copies" in result.output
        rows = _read(output)
        assert list(rows[0]) == ["id", "antwoord", "language", "sentiment", "polarity", "stance", "theme", "campaign"]
        assert [r["id"] for r in rows] == [r[0] for r in ROWS]
        assert (rows[0]["sentiment"], rows[0]["stance"]) == ("positive", "supports")
        assert (rows[1]["sentiment"], rows[1]["stance"]) == ("negative", "opposes")
        assert rows[2]["language"] == "en" and rows[2]["sentiment"] == "positive"
        assert [r["campaign"] for r in rows] == ["", "", ""] + ["1"] * 4
        assert float(rows[1]["polarity"]) < 0


def test_analyse_file_refuses_a_missing_column(app, tmp_path):
    source = tmp_path / "in.csv"
    _write(source, ",")
    result = app.test_cli_runner().invoke(args=["analyse-file", str(source), "--output", str(tmp_path / "out.csv")])
    assert result.exit_code != 0
    assert "no column 'text'" in result.output and "id, antwoord" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out.csv").exists()


def test_analyse_file_refuses_a_binary_file(app, tmp_path):
    source = tmp_path / "image.csv"
    source.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    result = app.test_cli_runner().invoke(args=["analyse-file", str(source), "--output", str(tmp_path / "out.csv")])
    assert result.exit_code != 0 and "not a text file" in result.output
    latin = tmp_path / "latin.csv"
    latin.write_bytes("text\nCaf\xe9 \xe9\xe9n\n".encode("latin-1"))
    result = app.test_cli_runner().invoke(args=["analyse-file", str(latin), "--output", str(tmp_path / "out.csv")])
    assert result.exit_code != 0 and "not UTF-8" in result.output


def test_analyse_file_refuses_a_missing_file(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["analyse-file", str(tmp_path / "nope.csv"), "--output", "x.csv"])
    assert result.exit_code != 0 and "no such file" in result.output


def test_analyse_file_refuses_invalid_text_past_the_first_block(app, tmp_path):
    source = tmp_path / "late.csv"
    source.write_bytes(b"text\n" + b"Een gewoon antwoord.\n" * 5000 + b"Kapot \xff\xfe antwoord\n")
    result = app.test_cli_runner().invoke(args=["analyse-file", str(source), "--output", str(tmp_path / "out.csv")])
    assert result.exit_code != 0 and "not UTF-8 text after line" in result.output
    assert "Traceback" not in result.output
