"""Article throughput: read -> language -> dates -> mentions, merged once at the end.

Generates ``N_ARTICLES`` variations of the seed articles (fixed random seed: sentences
shuffled within the body, weekday and month names swapped, numbers changed), writes
them to a temporary folder, then times the per-article pipeline on one core:

``read_article`` (decode + language) -> ``analyse_article`` (date expressions, sentences,
classification) -> publication date (dateline, else inference against the curated
catalog's anchors, then the catalog matcher: ``pubdates.date_one``) -> ``resolve_mentions``;
then one ``merge_mentions`` for all.

Usage::

    .venv/bin/python benchmarks/bench_articles.py [N_ARTICLES [STRESS_BYTES]] [--whole 1000,10000]
    .venv/bin/python benchmarks/bench_articles.py --breakdown 1000   # CPU per stage

Beside the per-article figure, the **whole** ``events`` command, as a user runs it
(read -> dates -> mentions -> cross-document publication dates, merging and links ->
the three CSVs; ``analysis.cli.main(["events", ...])`` in this process) on ``--whole``
generated corpora (default 1,000 and 10,000 articles), in articles per CPU-second, and
the growth of its CPU per article from the smallest to the largest corpus (1 = linear;
targets: >= 300 articles per CPU-second at 10,000 and growth within 1.2x).

Then a stress case: the whole events stage on one generated 1 MB article (target: under
10 s; the inference was quadratic in the number of mentions).

The result lines: ``articles/s`` (from the process's CPU time, so a busy machine does
not distort it; wall time is printed above) and whether the 200 articles/s target
holds; the stress case's CPU seconds and whether they stay under 10 s.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))  # also when loaded from a file by a test

from verdict import report

from analysis import config
from analysis.cli import main as cli_main
from analysis.events.catalog import load_catalog
from analysis.events.merge import merge_mentions
from analysis.events.pipeline import build_tables
from analysis.text.articles import detect_language, read_article
from analysis.text.lexicon import split_sentences
from analysis.text.mentions import MENTION_COLUMNS, analyse_article, mention_records
from analysis.text.pubdates.inference import anchors_from_catalog
from analysis.text.pubdates.rounds import date_one

N_ARTICLES: int = 2_000
TARGET_PER_SECOND: float = 200.0
WHOLE_SIZES: tuple[int, ...] = (1_000, 10_000)
WHOLE_TARGET_PER_SECOND: float = 300.0
WHOLE_GROWTH_TARGET: float = 1.2
STRESS_BYTES: int = 1_000_000
STRESS_TARGET_SECONDS: float = 10.0
SEED: int = 20190723

_SWAPS: dict[str, tuple[str, ...]] = {
    "weekday_en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                   "Sunday"),
    "month_en": ("January", "February", "March", "April", "June", "July", "August",
                 "September", "October", "November", "December"),
    "weekday_sv": ("måndags", "tisdags", "onsdags", "torsdags", "fredags", "lördags",
                   "söndags"),
    "month_sv": ("januari", "februari", "mars", "april", "juni", "juli", "augusti",
                 "september", "oktober", "november", "december"),
}
_WORD_RES = {k: re.compile(r"\b(" + "|".join(v) + r")\b") for k, v in _SWAPS.items()}
_NUMBER_RE = re.compile(r"(?<![\d-])\d{1,3}(?![\d-])")


def vary(text: str, rng: random.Random) -> str:
    """One variation: shuffled body sentences, swapped weekdays/months, new numbers."""
    sentences = [s.text for s in split_sentences(text)]
    head, body = sentences[:1], sentences[1:]
    rng.shuffle(body)
    out = "\n\n".join(head + body)
    for key, rx in _WORD_RES.items():
        words = _SWAPS[key]
        mapping = dict(zip(words, rng.sample(words, len(words)), strict=True))
        out = rx.sub(lambda m, mapping=mapping: mapping[m.group(1)], out)
    return _NUMBER_RE.sub(lambda m: str(rng.randint(1, 28)), out)


def make_corpus(folder: Path, n: int, seed: int = SEED) -> list[Path]:
    """Write ``n`` variations of the seeds into ``folder``; return their paths."""
    rng = random.Random(seed)
    seeds = [p.read_text(encoding="utf-8") for p in sorted(config.SEEDS_DIR.glob("*.txt"))]
    paths = []
    for i in range(n):
        path = folder / f"v{i:05d}.txt"
        path.write_text(vary(seeds[i % len(seeds)], rng), encoding="utf-8")
        paths.append(path)
    return paths


def run(paths: list[Path]) -> tuple[int, int, int]:
    """The per-article pipeline, then one merge; returns (articles, mentions, events)."""
    anchors = anchors_from_catalog(load_catalog(config.CURATED_CATALOG_CSV))
    records: list[dict[str, object]] = []
    for path in paths:
        article = read_article(path)
        analysis = analyse_article(article.article_id, article.text, article.language)
        pub = date_one(analysis, anchors)
        base = pub.date if pub.precision in ("day", "month") else None
        records.extend(mention_records(analysis, base, pub.precision))
    mentions = pd.DataFrame(records, columns=list(MENTION_COLUMNS))
    events, _ = merge_mentions(mentions)
    return len(paths), len(mentions), len(events)


def events_command(folder: Path, out: Path, *options: str) -> tuple[float, float]:
    """The whole ``events`` command on ``folder`` (writing to ``out``) in this process:
    ``(wall s, CPU s)``. The command is single-process unless ``options`` say otherwise."""
    w0, c0 = time.perf_counter(), time.process_time()
    with contextlib.redirect_stdout(io.StringIO()):
        rc = cli_main(["events", "--articles", str(folder), "--out", str(out), *options])
    if rc != 0:
        raise RuntimeError(f"events command failed with exit status {rc}")
    return time.perf_counter() - w0, time.process_time() - c0


def whole_command(sizes: tuple[int, ...]) -> None:
    """Print the whole ``events`` command's articles per CPU-second at each size and
    the growth of its CPU per article from the first size to the last."""
    per_article: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm"
        warm.mkdir()
        make_corpus(warm, 5)
        events_command(warm, Path(tmp) / "warm_out")  # lazy imports, models
        for n in sizes:
            folder = Path(tmp) / f"a{n}"
            folder.mkdir()
            make_corpus(folder, n)
            wall, cpu = events_command(folder, Path(tmp) / f"out{n}")
            per_article[n] = cpu / n
            rate = n / cpu
            verdict = "PASS" if rate >= WHOLE_TARGET_PER_SECOND else "FAIL"
            print(f"bench_articles whole events command: {n} articles, {rate:.0f} articles "
                  f"per CPU-second ({cpu:.2f} s CPU, wall {wall:.2f} s); target >= "
                  f"{WHOLE_TARGET_PER_SECOND:.0f}: {verdict}", flush=True)
            report(f"events whole command, {n} articles", f"{rate:.0f} articles/CPU-s "
                   f"({cpu:.1f} s CPU, {wall:.1f} s wall)",
                   f">= {WHOLE_TARGET_PER_SECOND:.0f}", rate >= WHOLE_TARGET_PER_SECOND)
    if len(sizes) > 1:
        lo, hi = sizes[0], sizes[-1]
        growth = per_article[hi] / per_article[lo]
        verdict = "PASS" if growth <= WHOLE_GROWTH_TARGET else "FAIL"
        print(f"bench_articles whole events command: CPU per article at {hi} / at {lo} = "
              f"{growth:.2f} (1 = linear; target <= {WHOLE_GROWTH_TARGET:g}: {verdict})")
        report(f"events whole command, CPU/article {hi} vs {lo}", f"{growth:.2f}",
               f"<= {WHOLE_GROWTH_TARGET:g}", growth <= WHOLE_GROWTH_TARGET)


# Stage -> (module, function) wrapped by :func:`breakdown`; inclusive CPU times.
STAGES: dict[str, tuple[str, str]] = {
    "read": ("analysis.events.pipeline", "read_outcome"),
    "language": ("analysis.text.articles", "detect_language"),
    "dates, sentences, mentions": ("analysis.events.pipeline", "analyse_article"),
    "cross-document": ("analysis.events.pipeline", "cross_document"),
    "publication dating (cross-document)": ("analysis.events.pipeline",
                                            "date_articles_linear"),
    "CSV writing": ("analysis.io", "_write_one"),  # what write_together runs per file
}


def breakdown(n: int) -> dict[str, float]:
    """CPU seconds per stage of one whole ``events`` command on ``n`` generated articles
    (each stage's function wrapped with a CPU timer; no profiler, so the shares are
    those of a normal run). Exclusive figures: read without the language detection,
    cross-document without the dating, and the rest of the command."""
    import importlib

    spent = dict.fromkeys(STAGES, 0.0)
    originals = []

    def timed_stage(stage: str, fn: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            c0 = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[stage] += time.process_time() - c0
        return wrapper

    with tempfile.TemporaryDirectory() as tmp:
        warm, folder = Path(tmp) / "warm", Path(tmp) / "a"
        warm.mkdir()
        folder.mkdir()
        make_corpus(warm, 5)
        make_corpus(folder, n)
        events_command(warm, Path(tmp) / "warm_out")
        for stage, (module, name) in STAGES.items():
            mod = importlib.import_module(module)
            originals.append((mod, name, getattr(mod, name)))
            setattr(mod, name, timed_stage(stage, getattr(mod, name)))
        try:
            _, total = events_command(folder, Path(tmp) / "out")
        finally:
            for mod, name, fn in originals:
                setattr(mod, name, fn)
    out = dict(spent)
    out["read"] -= out["language"]
    out["cross-document"] -= out["publication dating (cross-document)"]
    out["rest of the command"] = total - sum(spent[s] for s in
                                             ("read", "dates, sentences, mentions",
                                              "cross-document", "CSV writing"))
    out["total"] = total
    return out


def make_big_article(folder: Path, size: int = STRESS_BYTES, seed: int = SEED,
                     run_on: bool = False) -> Path:
    """One article of ``size`` bytes: English seed variations joined by blank lines (a
    dump, a wrong file or a live blog), or with ``run_on`` the same words with no
    sentence end or line break at all (what made the per-sentence steps quadratic)."""
    rng = random.Random(seed)
    seeds = [p.read_text(encoding="utf-8") for p in sorted(config.SEEDS_DIR.glob("*.txt"))]
    english = [t for t in seeds if detect_language(t) == "en"]
    parts: list[str] = []
    n = 0
    while n < size:
        part = vary(english[len(parts) % len(english)], rng)
        parts.append(part)
        n += len(part.encode("utf-8")) + 2
    text = "\n\n".join(parts)
    if run_on:
        text = re.sub(r"[.!?\n]", " ", text)
    path = folder / "big.txt"
    path.write_text(text, encoding="utf-8")
    return path


def stress(size: int = STRESS_BYTES, run_on: bool = False) -> tuple[float, float, int]:
    """The whole events stage (``build_tables``) on a folder holding one ``size``-byte
    article; returns (wall s, CPU s, mentions)."""
    with tempfile.TemporaryDirectory() as tmp:
        make_big_article(Path(tmp), size, run_on=run_on)
        w0, c0 = time.perf_counter(), time.process_time()
        tables = build_tables(Path(tmp), config.CURATED_CATALOG_CSV, None)
        return time.perf_counter() - w0, time.process_time() - c0, len(tables.mentions)


def main(argv: list[str]) -> int:
    """Generate the corpus, warm up, time the pipeline and print the result line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=N_ARTICLES)
    parser.add_argument("stress_bytes", nargs="?", type=int, default=STRESS_BYTES)
    parser.add_argument("--whole", default=",".join(map(str, WHOLE_SIZES)),
                        help="corpus sizes for the whole events command ('' = skip)")
    parser.add_argument("--breakdown", type=int, default=0, metavar="N",
                        help="only print the CPU per stage of the whole events command on "
                             "N generated articles, and exit")
    args = parser.parse_args(argv[1:])
    if args.breakdown:
        parts = breakdown(args.breakdown)
        total = parts["total"]
        print(f"whole events command, {args.breakdown} articles: {total:.2f} s CPU "
              f"({args.breakdown / total:.0f} articles per CPU-second)")
        for stage, cpu in parts.items():
            print(f"  {stage:<38} {cpu:7.2f} s CPU {100 * cpu / total:5.1f} % "
                  f"{1000 * cpu / args.breakdown:6.2f} ms/article")
        return 0
    n, stress_bytes = args.n, args.stress_bytes
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_corpus(Path(tmp), n)
        run(paths[:5])  # warm-up: lazy imports, the language model, dateparser
        w0, c0 = time.perf_counter(), time.process_time()
        n_articles, n_mentions, n_events = run(paths)
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    # The verdict uses this process's CPU time: the pipeline is single-threaded, and CPU
    # time does not count the time other programs on a shared machine take the core.
    rate = n_articles / cpu
    verdict = "PASS" if rate >= TARGET_PER_SECOND else "FAIL"
    print(f"{n_articles} articles, {n_mentions} mentions, {n_events} events; "
          f"wall {wall:.2f} s ({n_articles / wall:.0f} articles/s)")
    print(f"bench_articles: {rate:.0f} articles/s on one core ({cpu:.2f} s CPU for "
          f"{n_articles}); target >= {TARGET_PER_SECOND:.0f}: {verdict}")
    report(f"per-article pipeline, {n_articles} articles", f"{rate:.0f} articles/CPU-s "
           f"({cpu:.1f} s CPU, {wall:.1f} s wall)", f">= {TARGET_PER_SECOND:.0f}",
           rate >= TARGET_PER_SECOND)
    for shape, run_on in (("paragraphs", False), ("run-on", True)):
        wall, cpu, n_mentions = stress(stress_bytes, run_on)
        verdict = "PASS" if cpu < STRESS_TARGET_SECONDS else "FAIL"
        print(f"bench_articles stress: one {stress_bytes:,}-byte article ({shape}), "
              f"{n_mentions} mentions: {cpu:.2f} s CPU (wall {wall:.2f} s); "
              f"target < {STRESS_TARGET_SECONDS:.0f} s: {verdict}")
        report(f"events stage, one {stress_bytes:,}-byte article ({shape})",
               f"{cpu:.1f} s CPU ({wall:.1f} s wall)", f"< {STRESS_TARGET_SECONDS:.0f} s CPU",
               cpu < STRESS_TARGET_SECONDS)
    sizes = tuple(int(x) for x in args.whole.split(",") if x.strip())
    if sizes:
        whole_command(sizes)
    # Exit 0 either way: the verdict is in the result line, and `make bench` goes on to
    # the next benchmark.
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
