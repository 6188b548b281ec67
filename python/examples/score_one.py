"""Score one submission and explain it: `python examples/score_one.py [submission.json]`."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import zonescore

EXAMPLE = Path(__file__).resolve().parents[2] / "rules" / "examples" / "zone-qualification" / "oubei-valves-2013.json"


def main(path: Path) -> int:
    # parse_float=Decimal keeps every digit of the file; plain floats work too.
    submission = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    try:
        report = zonescore.score_submission(submission)
    except zonescore.InvalidSubmissionError as e:
        for error in e.errors:
            print(f"{error.path}: {error.message.zh} ({error.code})")
        return 1
    print(report)
    lost = [c for c in report.criteria if c.applicable and c.max is not None and c.points < c.max]
    print(f"\n{len(lost)} criteria short of full points:")
    for c in lost:
        print(f"  {c.id} {c.title.zh}: {c.points} / {c.max} ({c.status})")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else EXAMPLE))
