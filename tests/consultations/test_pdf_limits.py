"""A PDF decompression bomb costs a bounded wait, not the worker's memory.

The attack from the reliability issue: four pages, each in its own object stream that
inflates to 70 MiB (under pypdf's 75 MB per-stream limit). Plain pypdf accepts the
285 KB file after about 35 s and ~400 MB; ``inspraak.pdfcheck`` refuses it, with a clear
message, because the check runs in a child process with a per-stream limit, an address
space limit and CPU and wall-clock limits."""
from __future__ import annotations

import io
import struct
import zlib

import pytest

from inspraak.consultations import services
from inspraak.pdf import simple_pdf
from inspraak.pdfcheck import check_pdf


def objstm_bomb(padding: int, pages: int = 4) -> bytes:
    """A valid PDF whose page objects sit in object streams padded with ``padding`` spaces."""
    out = bytearray(b"%PDF-1.5\n")
    offsets = {}
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    for number, body in ((1, b"<< /Type /Catalog /Pages 2 0 R >>"),
                         (2, f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    streams = []
    for i in range(pages):
        header = f"{3 + i} 0 ".encode()
        compressor = zlib.compressobj(9)
        data = compressor.compress(header + b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
        for _ in range(padding // 1_000_000):
            data += compressor.compress(b" " * 1_000_000)
        data += compressor.flush()
        number = 3 + pages + i
        streams.append(number)
        offsets[number] = len(out)
        out += (f"{number} 0 obj\n<< /Type /ObjStm /N 1 /First {len(header)} /Filter /FlateDecode "
                f"/Length {len(data)} >>\nstream\n").encode() + data + b"\nendstream\nendobj\n"
    xref = 3 + 2 * pages
    offsets[xref] = len(out)
    rows = bytearray(b"\x00" + struct.pack(">I", 0) + b"\xff\xff")
    for n in range(1, xref + 1):
        if 3 <= n < 3 + pages:
            rows += b"\x02" + struct.pack(">I", streams[n - 3]) + struct.pack(">H", 0)
        else:
            rows += b"\x01" + struct.pack(">I", offsets[n]) + b"\x00\x00"
    out += (f"{xref} 0 obj\n<< /Type /XRef /Size {xref + 1} /W [1 4 2] /Root 1 0 R /Length {len(rows)} >>\n"
            "stream\n").encode() + bytes(rows) + b"\nendstream\nendobj\n"
    out += f"startxref\n{offsets[xref]}\n%%EOF\n".encode()
    return bytes(out)


def test_the_same_structure_with_small_streams_is_a_fine_pdf():
    from pypdf import PdfReader

    pdf = objstm_bomb(1_000_000)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 4  # the builder makes real PDFs
    assert check_pdf(pdf).outcome == "ok" and check_pdf(pdf).pages == 4


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return objstm_bomb(70 * 1024 * 1024)


def test_four_70_mib_streams_are_refused_as_too_large(bomb):
    assert len(bomb) < 300_000
    assert check_pdf(bomb).outcome == "too_large"


def test_the_upload_says_so_in_plain_words(app, build, signed_in, bomb):
    consultation = build.consultation()
    client = signed_in(consultation.owner)
    response = client.post(f"/consultaties/{consultation.slug}/documenten", data={
        "doc-title": "Bom", "doc-file": (io.BytesIO(bomb), "bom.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 400
    assert "te groot of te ingewikkeld" in response.get_data(as_text=True)
    assert consultation.documents == []


def test_ordinary_pdfs_still_pass(app):
    assert services._validated_pdf(simple_pdf("Voorstel", ["Regel"])) == 1
