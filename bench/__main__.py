"""Run every benchmark: ``python -m bench`` (or ``make bench``).

Figures are ratios against a baseline run alongside, never absolute times, so they
mean the same on a laptop and in CI. Each benchmark prints one line per measurement;
at the end a table of the platform under gunicorn (``bench.load``), the analysis and the
export, also written as JSON to ``bench/results/`` (not in git).

    python -m bench            # the issue's sizes: export of 1,000,000 responses, analysis of 100,000 answers
    python -m bench --large    # also the analysis of 1,000,000 answers (two sizes: how it grows), and the
                               # platform's analysis run on 1 and 2 RQ workers at 100,000 and 1,000,000
                               # answers (bench.scale; needs DATABASE_URL and REDIS_URL)
    python -m bench --quick    # small sizes and short runs, to try it out
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import time
from datetime import datetime, timezone
from pathlib import Path

from bench import analysis, enumeration, load, moderation, pages, sanitise, scale, summaries, surveys

RESULTS = Path(__file__).resolve().parent / "results"


def summary(loaded: list[dict], speeds: list[dict], export: dict) -> list[str]:
    lines = load.table(loaded)
    lines.append("-- analysis (whole pipeline, streamed file; baseline: textblob-nl sentiment only)")
    for figure in speeds:
        ours, plain = figure["inspraak"], figure["textblob_nl"]
        target = "< 60 s" if figure["answers"] <= 100_000 else "< 600 s"
        lines.append(f"{figure['answers']:>9,} answers: {ours['seconds']:.1f} s ({ours['cpu_seconds']:.0f} CPU s, "
                     f"peak {figure['peak_total_bytes'] / 2**20:,.0f} MB) | textblob-nl {plain['seconds']:.1f} s; "
                     f"ratio {ours['seconds'] / plain['seconds']:.2f}   target {target}")
    if len(speeds) >= 2:
        small, large = speeds[0], speeds[-1]
        per_answer = (large["inspraak"]["seconds"] - small["inspraak"]["seconds"]) / (large["answers"] - small["answers"])
        lines.append(f"  growth: {per_answer * 1e6:.1f} s per extra million answers -> 4.6 million about "
                     f"{(large['inspraak']['seconds'] + per_answer * (4_600_000 - large['answers'])) / 60:.0f} min "
                     f"on this machine")
    lines.append(f"-- export of {export['responses']:,} responses x 10 questions (baseline: bare csv.writer, same rows)")
    for fmt in ("csv", "xlsx", "json"):
        lines.append(f"  {fmt.upper():<5} {export[fmt]['seconds']:.1f} s, peak {export[fmt]['peak_mb']:.0f} MB "
                     f"(export added {export[fmt]['added_mb']:.0f} MB) | baseline {export['baseline']['seconds']:.1f} s, "
                     f"{export['baseline']['peak_mb']:.0f} MB (added {export['baseline']['added_mb']:.0f} MB); "
                     f"ratio {export[fmt]['seconds'] / export['baseline']['seconds']:.2f}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="timing repetitions; the median is used (default 5)")
    parser.add_argument("--large", action="store_true", help="also analyse 1,000,000 answers (takes many minutes)")
    parser.add_argument("--quick", action="store_true",
                        help="small sizes (export 20,000, analysis 20,000, 4 and 16 clients, 3 s runs)")
    parser.add_argument("--duration", type=float, help="seconds per load measurement (default 10; --quick 3)")
    args = parser.parse_args()
    started = datetime.now(timezone.utc)
    load_before = os.getloadavg()
    sanitise.run(repeat=args.repeat)
    pages.run(repeat=args.repeat)
    enumeration.run(repeat=args.repeat)
    enumeration.run_reset(repeat=args.repeat)
    export = surveys.run(repeat=args.repeat, responses=20_000 if args.quick else 1_000_000)
    speeds = analysis.run(sizes=[20_000] if args.quick else ([100_000, 1_000_000] if args.large else [100_000]))
    moderation.run(repeat=args.repeat, large=args.large)
    summaries.run(repeat=args.repeat, answers=5_000 if args.quick else 100_000)
    scaled = scale.run(sizes=[100_000, 1_000_000], workers=[1, 2]) if args.large else {"skipped": True}
    loaded = load.run(seconds=args.duration or (3 if args.quick else 10), quick=args.quick)
    lines = summary(loaded, speeds, export) + scaled.get("table", [])
    machine = {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
               "load_average_at_start": load_before, "load_average_at_end": os.getloadavg()}
    print()
    print(f"Inspraak benchmark, {started:%Y-%m-%d %H:%M} UTC, {machine['cpus']} cores, load average "
          f"{load_before[0]:.1f} at the start and {machine['load_average_at_end'][0]:.1f} at the end "
          f"(other processes on the machine count in every figure; the ratios share that load)")
    print("\n".join(lines))
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / f"bench-{started:%Y%m%dT%H%M%SZ}.json"
    target.write_text(json.dumps({"started": started.isoformat(), "seconds": time.time() - started.timestamp(),
                                  "machine": machine, "load": loaded, "analysis": speeds, "export": export,
                                  "scale": scaled,
                                  "table": lines}, indent=1), encoding="utf-8")
    print(f"\nWritten to {target.relative_to(Path.cwd()) if target.is_relative_to(Path.cwd()) else target}")


if __name__ == "__main__":
    main()
