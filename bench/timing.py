"""Median-of-N timing helper shared by the benchmarks."""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_seconds(func: Callable[[], object], *, repeat: int, number: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            func()
        samples.append((time.perf_counter() - start) / number)
    return statistics.median(samples)


def _status(field: str) -> int | None:
    """A memory figure of this process from /proc/self/status, in bytes (None off Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for entry in status:
                if entry.startswith(field + ":"):
                    return int(entry.split()[1]) * 1024
    except OSError:
        pass
    return None


def peak_rss() -> int:
    """This process's peak resident memory since it started (or since ``reset_peak``).

    VmHWM, not ``ru_maxrss``: after fork and exec ``ru_maxrss`` keeps the high-water mark
    of the parent process, so a fresh benchmark subprocess would report its parent's peak."""
    peak = _status("VmHWM")
    if peak is None:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return peak


def reset_peak() -> int:
    """Start the peak anew from the current resident memory (Linux: ``clear_refs`` 5) and
    return that current figure, so a measurement can report what one step added."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
    except OSError:
        pass
    return _status("VmRSS") or peak_rss()
