"""A Dask cluster of worker processes scores a partitioned frame exactly as one process does.

A `Ruleset` pickles (a bundled one by id, a rule file with its text), so `map_partitions`
sends it to each worker with the function; nothing else is needed. Real libraries, real
processes: python/test.sh installs dask[distributed]; a missing library fails the run.
"""

from __future__ import annotations

import pickle
from typing import Any, Dict, Iterator, List

import dask
import dask.dataframe as dd
import pandas as pd
import pytest
from distributed import Client, LocalCluster

import zonescore
from conftest import REPO


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with LocalCluster(
        processes=True, n_workers=2, threads_per_worker=1, dashboard_address=None, silence_logs=40
    ) as cluster, Client(cluster) as c:
        yield c


def test_a_ruleset_pickles_by_id_and_by_text() -> None:
    bundled = zonescore.Ruleset("zone-qualification")
    revised = zonescore.Ruleset.from_path(REPO / "rules" / "fixtures" / "zone-qualification-revised.toml")
    for rules in (bundled, revised):
        again = pickle.loads(pickle.dumps(rules))
        assert (again.id, again.version, again.digest) == (rules.id, rules.version, rules.digest)
    assert bundled.digest != revised.digest


def test_a_partitioned_frame_scores_on_worker_processes_as_locally(
    client: Client, zone_examples: List[Dict[str, Any]]
) -> None:
    # 40 rows in 4 partitions, under the revised rules (a rule file: pickled with its text).
    frame = pd.json_normalize(zone_examples * 4)
    rules = zonescore.Ruleset.from_path(REPO / "rules" / "fixtures" / "zone-qualification-revised.toml")
    local = zonescore.score_table(frame, rules)
    with dask.config.set({"dataframe.convert-string": False}):
        parts = dd.from_pandas(frame, npartitions=4)
        meta = zonescore.score_table(frame.iloc[:0], rules)
        scored = parts.map_partitions(zonescore.score_table, rules, meta=meta).compute()
    # The work really ran in two other processes.
    workers = client.run(lambda: __import__("os").getpid())
    assert len(set(workers.values())) == 2 and __import__("os").getpid() not in workers.values()
    assert list(scored.columns) == list(local.columns)
    assert list(scored.index) == list(local.index)
    for name in local.columns:
        assert scored[name].tolist() == local[name].tolist(), name
    assert all(type(v).__name__ == "Decimal" for v in scored["final_score"])
