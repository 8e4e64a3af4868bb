#!/usr/bin/env python3
"""Checks the generated corpus: usage verify.py CORPUS_DIR

- every scenario in scenarios.tsv has run-1..3.log, non-empty and under 200 KB;
- the three runs of a scenario are pairwise different (raw bytes), and the
  number of differing lines is reported;
- every query in queries.tsv is made of consecutive (whitespace-stripped) lines
  of that run's cleaned log (ANSI codes and Actions timestamps removed);
- the whole directory stays under 5 MB.
"""
import difflib
import itertools
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from query import clean_lines  # noqa: E402

MAX_LOG = 200 * 1024
MAX_TOTAL = 5 * 1024 * 1024


def main():
    root = sys.argv[1]
    problems = []
    with open(os.path.join(root, "scenarios.tsv"), encoding="utf-8") as f:
        scenarios = [line.split("\t")[0] for line in f.read().splitlines()[1:] if line]
    for sid in scenarios:
        logs = {}
        for run in (1, 2, 3):
            path = os.path.join(root, sid, f"run-{run}.log")
            if not os.path.isfile(path):
                problems.append(f"{sid}: run-{run}.log missing")
                continue
            size = os.path.getsize(path)
            if size == 0 or size > MAX_LOG:
                problems.append(f"{sid}: run-{run}.log has size {size}")
            with open(path, "rb") as f:
                logs[run] = f.read()
        diffs = []
        for a, b in itertools.combinations(sorted(logs), 2):
            if logs[a] == logs[b]:
                problems.append(f"{sid}: run-{a} and run-{b} are identical")
            la = logs[a].decode("utf-8", "replace").splitlines()
            lb = logs[b].decode("utf-8", "replace").splitlines()
            changed = sum(1 for d in difflib.ndiff(la, lb) if d[:1] in "+-")
            diffs.append(f"{a}-{b}:{changed}")
        print(f"{sid:42s} differing lines {' '.join(diffs)}")
    with open(os.path.join(root, "queries.tsv"), encoding="utf-8") as f:
        rows = [line.split("\t") for line in f.read().splitlines()[1:] if line]
    for sid, run, query in rows:
        lines = [l.strip() for l in clean_lines(os.path.join(root, sid, f"run-{run}.log"))]
        parts = query.split("\\n")
        if not parts[0] or not any(lines[i:i + len(parts)] == parts for i in range(len(lines))):
            problems.append(f"{sid} run {run}: query not found in its log: {query[:80]}")
    if len(rows) != 3 * len(scenarios):
        problems.append(f"queries.tsv has {len(rows)} rows for {len(scenarios)} scenarios")
    total = sum(os.path.getsize(os.path.join(d, n)) for d, _, names in os.walk(root) for n in names)
    print(f"{len(scenarios)} scenarios, {len(rows)} queries, {total} bytes of files")
    if total > MAX_TOTAL:
        problems.append(f"directory holds {total} bytes")
    for p in problems:
        print("PROBLEM:", p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
