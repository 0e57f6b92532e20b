"""Run every benchmark: ``python -m bench`` (or ``make bench``).

Figures are ratios against a baseline run alongside, never absolute times, so they
mean the same on a laptop and in CI. Each benchmark prints one line per measurement.
"""
from __future__ import annotations

import argparse

from bench import analysis, enumeration, moderation, pages, sanitise, summaries, surveys


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="timing repetitions; the median is used (default 5)")
    parser.add_argument("--large", action="store_true",
                        help="surveys: export 1,000,000 responses instead of 20,000; analysis: also 1,000,000 "
                             "answers (takes minutes)")
    args = parser.parse_args()
    sanitise.run(repeat=args.repeat)
    pages.run(repeat=args.repeat)
    enumeration.run(repeat=args.repeat)
    enumeration.run_reset(repeat=args.repeat)
    surveys.run(repeat=args.repeat, large=args.large)
    analysis.run(large=args.large)
    moderation.run(repeat=args.repeat, large=args.large)
    summaries.run(repeat=args.repeat)


if __name__ == "__main__":
    main()
