"""Benchmark of the Python binding (not a test): `python python/bench.py [--n 10000]`.

Scores N dict submissions and an N-row DataFrame made from the bundled examples, and
measures what Python adds over the Rust engine. The engine's own time is measured in the
same process and build, by `_zonescore._engine_seconds`: the engine scoring the same
submissions, already converted, in the same order, in a Rust loop. The engine and
`score_submission` are timed in turns, a pair a round, and what Python adds is the median of
the rounds' differences (and their ratio): a load that comes and goes on the machine then
falls on both sides of a pair, as it does not on two figures taken apart. Each other
measurement is repeated and its best kept.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import statistics
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

HERE = Path(__file__).resolve().parent
# Run as `python python/bench.py`, this folder comes first on sys.path. Unless the package
# was installed in place (`maturin develop`), its zonescore/ holds sources without the built
# extension: then import the installed package instead.
if not [p for p in (HERE / "zonescore").glob("_zonescore*") if p.suffix in (".so", ".pyd")]:
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

import zonescore  # noqa: E402
from zonescore import _zonescore  # noqa: E402

EXAMPLES = HERE.parent / "rules" / "examples" / "zone-qualification"


def best_of(rounds: int, run: Callable[[], None]) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def in_turns(rounds: int, first: Callable[[], float], second: Callable[[], float]) -> List[Tuple[float, float]]:
    """Each round times `first` and `second`, so that both see the machine as it was; which
    goes first alternates, so that neither always runs on a warmer cache."""
    pairs = []
    for i in range(rounds):
        if i % 2:
            b = second()
            pairs.append((first(), b))
        else:
            pairs.append((first(), second()))
    return pairs


def timed(run: Callable[[], None]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000, help="submissions per run")
    parser.add_argument("--rounds", type=int, default=5, help="runs of each measurement; the best is kept")
    parser.add_argument("--pairs", type=int, default=21, help="rounds of the engine and score_submission in turns")
    args = parser.parse_args()
    if args.n < 1 or args.rounds < 1 or args.pairs < 1:
        parser.error("--n, --rounds and --pairs must be at least 1")
    n, rounds = args.n, args.rounds

    examples: List[Dict[str, Any]] = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.json"))]
    dicts = [examples[i % len(examples)] for i in range(n)]
    texts = [json.dumps(d, ensure_ascii=False) for d in dicts]
    rules = zonescore.Ruleset("zone-qualification")
    core = rules._core


    def one_by_one() -> None:
        for d in dicts:
            zonescore.score_submission(d, rules)

    def json_text() -> None:
        for t in texts:
            rules.score_json(t)

    results: Dict[str, float] = {}
    # The engine alone, single thread, timed inside Rust: the examples in turn, as
    # `one_by_one` takes them (dicts[i] is examples[i % len(examples)]).
    pairs = in_turns(args.pairs, lambda: _zonescore._engine_seconds(examples, core, n) * n, lambda: timed(one_by_one))
    results["engine"] = min(e for e, _ in pairs)
    results["score_submission"] = min(d for _, d in pairs)
    results["score_json"] = best_of(rounds, json_text)
    results["score_many"] = best_of(rounds, lambda: zonescore.score_many(dicts, rules))

    frame_seconds = None
    try:
        import pandas as pd
    except ImportError:
        pd = None
    if pd is not None:
        frame = pd.json_normalize(dicts)
        results["score_table(list)"] = best_of(rounds, lambda: zonescore.score_table(dicts, rules))
        frame_seconds = best_of(rounds, lambda: zonescore.score_table(frame, rules))
        results["score_table(DataFrame)"] = frame_seconds

    us = {k: v / n * 1e6 for k, v in results.items()}
    adds = sorted((d - e) / n * 1e6 for e, d in pairs)
    ratios = sorted(d / e for e, d in pairs)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"zonescore {zonescore.__version__}: {n} submissions of {len(examples)} bundled examples, "
          f"best of {rounds} (the first two rows: of {len(pairs)} in turns), {os.cpu_count()} cores, "
          f"load average {load:.1f}")
    print()
    print("| measurement | total | per submission |")
    print("|---|---|---|")
    labels = {
        "engine": "Rust engine alone (one thread, converted input)",
        "score_submission": "`score_submission(dict)` one by one",
        "score_json": "`Ruleset.score_json(text)` one by one (JSON in, canonical JSON out)",
        "score_many": "`score_many(list of dicts)` (every core, GIL released)",
        "score_table(list)": "`score_table(list of dicts)` → DataFrame",
        "score_table(DataFrame)": f"`score_table(DataFrame of {n} rows)` → DataFrame",
    }
    for key, seconds in results.items():
        print(f"| {labels[key]} | {seconds:.3f} s | {us[key]:.1f} µs |")
    print()
    print(f"Python adds {statistics.median(adds):.1f} µs per dict submission over the engine "
          f"(median of {len(pairs)} rounds in turns, {adds[0]:.1f} to {adds[-1]:.1f}; "
          f"a dict takes {statistics.median(ratios):.3f}× the engine's time, "
          f"{ratios[0]:.3f} to {ratios[-1]:.3f}).")
    if frame_seconds is not None:
        print(f"A DataFrame of {n} rows scores in {frame_seconds:.2f} s.")


if __name__ == "__main__":
    main()
