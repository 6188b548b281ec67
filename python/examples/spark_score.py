"""Scores submissions on Spark: the ruleset broadcast once, each partition scored as Arrow.

    python python/examples/spark_score.py [--rows 200000] [--partitions 8]

Needs pyspark (and Java 17 or later) besides zonescore and pyarrow; it is not part of CI
(docs/scale.md gives the command and a measured run). `mapInArrow` hands each partition
to Python as Arrow record batches, so `score_table` reads them column by column in Rust
and answers with Arrow batches: no row becomes a Python object on the way. A `Ruleset`
pickles (a bundled one by id, a rule file with its text), so broadcasting it sends the
rules once per worker, not once per task.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

import pyarrow as pa  # type: ignore[import-untyped]

import zonescore

EXAMPLES = Path(__file__).resolve().parents[2] / "rules" / "examples" / "zone-qualification"


def result_schema(rules: zonescore.Ruleset, sample: Any) -> Any:
    """The results' Arrow schema, declared once for every partition: scores at the largest
    scale a sample needs, at least the rules' one place for the final score. Each batch is
    cast to it; pyarrow refuses a cast that would drop a digit, so nothing is rounded."""
    scored = zonescore.score_table(sample, rules)
    fields = []
    for field in scored.schema:
        if pa.types.is_decimal(field.type):
            field = field.with_type(pa.decimal128(38, max(field.type.scale, 1)))
        fields.append(field)
    return pa.schema(fields)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--partitions", type=int, default=8)
    args = parser.parse_args()

    sql: Any = importlib.import_module("pyspark.sql")
    spark_types: Any = importlib.import_module("pyspark.sql.pandas.types")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers run this interpreter
    spark = (
        sql.SparkSession.builder.master("local[2]")
        .appName("zonescore")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")

    # Spark keeps groups as struct columns (`zone.name` is the field `name` of `zone`), which
    # score_table reads as groups; dotted column names would need backticks everywhere.
    examples = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.json"))]
    small = pa.Table.from_pylist([{k: v for k, v in e.items() if k != "meta"} for e in examples])
    table = pa.concat_tables([small] * -(-args.rows // small.num_rows)).slice(0, args.rows)
    submissions = spark.createDataFrame(table.to_pandas(), schema=spark_types.from_arrow_schema(small.schema))
    submissions = submissions.repartition(args.partitions)
    submissions.cache().count()

    rules = zonescore.Ruleset("zone-qualification")
    shared = spark.sparkContext.broadcast(rules)
    schema = result_schema(rules, small)

    def score(batches: Iterator[Any]) -> Iterator[Any]:
        ruleset = shared.value
        for batch in batches:
            yield zonescore.score_table(batch, ruleset).cast(schema)

    start = time.perf_counter()
    results = submissions.mapInArrow(score, spark_types.from_arrow_schema(schema))
    summary = results.groupBy("grade").count().orderBy("grade").collect()
    seconds = time.perf_counter() - start
    print(f"{args.rows:,} rows in {args.partitions} partitions on local[2]: {seconds:.2f} s")
    print("grades:", {row["grade"]: row["count"] for row in summary})

    # The same rows scored in one process give the same scores, to the last digit.
    from_spark = results.select("final_score", "grade", "outcome").toArrow()
    local = zonescore.score_table(table, rules).cast(schema)
    assert from_spark.schema.field("final_score").type == schema.field("final_score").type
    key = ["final_score", "grade", "outcome"]

    def count(t: Any) -> Counter[Any]:
        return Counter(zip(*(t.column(k).to_pylist() for k in key)))

    assert count(from_spark) == count(local)
    print("same scores as one process:", len(local), "rows;", ", ".join(local.column_names[:4]), "…")
    spark.stop()


if __name__ == "__main__":
    main()
