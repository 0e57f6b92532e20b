"""Checking an uploaded PDF in a separate process with hard limits.

pypdf bounds each compressed stream (75 MB by default) but not their total: a 280 KB file
with four 70 MiB streams took 35 s and 315 MB inside a web worker. So the check runs in a
child process (``python -m inspraak.pdfcheck``) that may use at most ``MEMORY_LIMIT``
bytes of address space and ``CPU_SECONDS`` of processor time, with a smaller per-stream
limit, and is killed after ``WALL_SECONDS``. Whatever happens inside, the web worker only
waits, bounded, and gets one of four answers: the page count, encrypted, unreadable, or
too large to check.
"""
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

MEMORY_LIMIT = 512 * 1024 * 1024
CPU_SECONDS = 10
WALL_SECONDS = 20
STREAM_LIMIT = 25_000_000  # bytes one decompressed stream may reach


@dataclass(frozen=True)
class PdfCheck:
    outcome: str  # "ok", "encrypted", "unreadable" or "too_large"
    pages: int = 0


def check_pdf(data: bytes) -> PdfCheck:
    """Inspect ``data`` in a limited child process; never raises for what the file contains."""
    try:
        result = subprocess.run([sys.executable, "-m", "inspraak.pdfcheck"], input=data, capture_output=True,
                                timeout=WALL_SECONDS)
    except subprocess.TimeoutExpired:
        return PdfCheck("too_large")
    if result.returncode != 0:
        # Killed by a limit (SIGXCPU, SIGKILL) or out of memory.
        return PdfCheck("too_large")
    try:
        answer = json.loads(result.stdout)
        return PdfCheck(answer["outcome"], int(answer.get("pages", 0)))
    except (ValueError, KeyError, TypeError):
        return PdfCheck("unreadable")


TEXT_LIMIT = 200_000  # characters of extracted text returned by ``extract_text``


def extract_text(data: bytes) -> str | None:
    """The text of a PDF (at most ``TEXT_LIMIT`` characters), extracted in the same
    limited child process; ``None`` when the file cannot be read within the limits."""
    try:
        result = subprocess.run([sys.executable, "-m", "inspraak.pdfcheck", "--text"], input=data,
                                capture_output=True, timeout=WALL_SECONDS)
    except subprocess.TimeoutExpired:
        return None
    if result.returncode != 0:
        return None
    try:
        answer = json.loads(result.stdout)
    except ValueError:
        return None
    return answer.get("text") if answer.get("outcome") == "ok" else None


def _inspect(data: bytes, with_text: bool = False) -> dict:
    import io

    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError, PyPdfError

    limits = {name: STREAM_LIMIT for name in (
        "maximum_declared_stream_length", "array_based_stream_maximum_output_length",
        "jbig2_maximum_output_length", "lzw_maximum_output_length", "run_length_maximum_output_length",
        "zlib_maximum_output_length", "brotli_maximum_output_length")}
    try:
        with apply_configuration(**limits):
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                return {"outcome": "encrypted"}
            if not with_text:
                return {"outcome": "ok", "pages": len(reader.pages)}
            parts, size = [], 0
            for page in reader.pages:
                text = page.extract_text() or ""
                parts.append(text)
                size += len(text)
                if size >= TEXT_LIMIT:
                    break
            return {"outcome": "ok", "pages": len(reader.pages), "text": "\n".join(parts)[:TEXT_LIMIT]}
    except (LimitReachedError, MemoryError, RecursionError):
        return {"outcome": "too_large"}
    except (PyPdfError, NotImplementedError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            AssertionError, OverflowError, ZeroDivisionError):
        # pypdf raises many kinds of errors on malformed input; all mean "not a usable PDF".
        return {"outcome": "unreadable"}


def main() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    data = sys.stdin.buffer.read()
    sys.stdout.write(json.dumps(_inspect(data, with_text="--text" in sys.argv[1:])))


if __name__ == "__main__":
    main()
