"""Scores a 1,000,000-row Arrow table and reports time and memory: `python python/bench_scale.py`.

A measurement, not a test (CI does not run it): it needs pyarrow and a few GB of memory.
The table is the ten bundled zone-qualification examples, repeated, one column per dotted
field path (float64 for the shares and rates, int64 counts, bool, strings), as
`pa.Table.from_pandas(pd.json_normalize(...))` gives them. It prints the input table's size,
the time `score_table` takes, and how much the process's peak memory grew while scoring
(Linux: the peak is reset through /proc/self/clear_refs first). Figures go to docs/scale.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any, Dict

import pandas as pd
import pyarrow as pa

HERE = Path(__file__).resolve().parent
# Run as `python python/bench_scale.py`, this folder comes first on sys.path. Unless the
# package was installed in place (`maturin develop`), its zonescore/ holds sources without
# the built extension: then import the installed package instead (as python/bench.py does).
if not [p for p in (HERE / "zonescore").glob("_zonescore*") if p.suffix in (".so", ".pyd")]:
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

import zonescore  # noqa: E402

REPO = HERE.parent


def _status() -> Dict[str, int]:
    fields: Dict[str, int] = {}
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0]) * 1024
    return fields


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
        f.write("5")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--polars", action="store_true", help="score a polars DataFrame instead of a pyarrow Table")
    parser.add_argument("--pandas", action="store_true", help="score a pandas DataFrame (a Python object per cell)")
    parser.add_argument("--dask", action="store_true", help="score a pandas frame on a local Dask cluster of 2 processes")
    args = parser.parse_args()
    if args.dask:
        return on_dask(args.rows)

    paths = sorted((REPO / "rules" / "examples" / "zone-qualification").glob("*.json"))
    examples = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    small = pa.Table.from_pandas(pd.json_normalize(examples), preserve_index=False)
    repeats = -(-args.rows // small.num_rows)
    table: Any = pa.concat_tables([small] * repeats).slice(0, args.rows).combine_chunks()
    if args.polars:
        import polars

        table = polars.from_arrow(table)
        size = table.estimated_size()
    elif args.pandas:
        table = table.to_pandas()
        size = int(table.memory_usage(deep=True).sum())
    else:
        size = table.nbytes
    rules = zonescore.Ruleset("zone-qualification")
    zonescore.score_table(table[:1000], rules)  # warm up: threads, allocator

    _reset_peak()
    before = _status()["VmRSS"]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    results = zonescore.score_table(table, rules)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
    grown = _status()["VmHWM"] - before

    height = len(results)
    errors = results["errors"]
    with_errors = int(errors.notna().sum()) if args.pandas else height - (errors.null_count() if args.polars else errors.null_count)
    print(f"rows                {height:>12,} ({table.shape[1]} columns; {with_errors:,} with errors)")
    print(f"input table         {size / 2**20:>12,.0f} MiB")
    print(f"score_table         {seconds:>12.2f} s  ({seconds / height * 1e6:.2f} µs per row, {len(os.sched_getaffinity(0))} cores)")
    print(f"CPU time            {cpu:>12.2f} s  ({cpu / height * 1e6:.2f} µs per row; load average {os.getloadavg()[0]:.1f})")
    print(f"peak memory growth  {grown / 2**20:>12,.0f} MiB  ({grown / size:.2f}× the input table)")


def on_dask(rows: int) -> None:
    """A pandas frame in 8 partitions scored by `map_partitions` on 2 worker processes."""
    import dask
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    paths = sorted((REPO / "rules" / "examples" / "zone-qualification").glob("*.json"))
    examples = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    frame = pd.json_normalize(examples * -(-rows // len(examples))).iloc[:rows]
    rules = zonescore.Ruleset("zone-qualification")
    meta = zonescore.score_table(frame.iloc[:0], rules)
    with dask.config.set({"dataframe.convert-string": False}), LocalCluster(
        processes=True, n_workers=2, threads_per_worker=1, dashboard_address=None
    ) as cluster, Client(cluster):
        parts = dd.from_pandas(frame, npartitions=8).persist()
        start = time.perf_counter()
        scored = parts.map_partitions(zonescore.score_table, rules, meta=meta).compute()
        seconds = time.perf_counter() - start
    print(f"rows                {len(scored):>12,} (pandas, 8 partitions, 2 worker processes)")
    print(f"map_partitions      {seconds:>12.2f} s  ({seconds / len(scored) * 1e6:.2f} µs per row; load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
