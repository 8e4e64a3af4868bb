#!/usr/bin/env python3
"""Picks the search query for one run's log.

usage: query.py LOG MODE REGEX [COUNT]

The log is cleaned the way a developer's copy would be: ANSI colour codes and
GitHub-Actions timestamp prefixes are removed.  The first cleaned line that
matches REGEX (re.search) starts the query.  MODE "line" prints that line,
MODE "lines" prints COUNT consecutive lines starting there, joined by the two
characters backslash-n.  Each line is stripped of surrounding whitespace (so
stack-trace tabs do not break the TSV file).  Exits 1 when nothing matches.
"""
import re
import sys

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z ")


def clean_lines(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    return [ANSI.sub("", STAMP.sub("", line)).rstrip("\r") for line in text.split("\n")]


def main():
    path, mode, pattern = sys.argv[1:4]
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    lines = clean_lines(path)
    rx = re.compile(pattern)
    for i, line in enumerate(lines):
        if rx.search(line):
            picked = lines[i:i + (count if mode == "lines" else 1)]
            picked = [p.strip().replace("\t", " ") for p in picked]
            if any(not p for p in picked):
                sys.exit(f"query for {path} would contain a blank line: {picked}")
            print("\\n".join(picked))
            return
    sys.exit(f"no line matching {pattern!r} in {path}")


if __name__ == "__main__":
    main()
