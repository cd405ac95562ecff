"""How much metadata ingest finds on a folder of articles: full, partial or no date; outlet.

`python -m bench.ingest_meta evals/corpus` prints the counts that issue 12 measures
before and after; `--list` prints each file's date, where it came from, and outlet.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rag.ingest.walk import ingest_folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--list", action="store_true", help="one line per article")
    args = parser.parse_args(argv)
    result = ingest_folder(args.folder)
    full = partial = none = outlets = 0
    for article in result.articles:
        date = article.date
        if date.year and date.month and date.day:
            full += 1
        elif date.known:
            partial += 1
        else:
            none += 1
        outlets += bool(article.outlet)
        if args.list:
            print(
                f"{article.source_file:55} {date.iso():11} {article.date_source:12} "
                f"{article.outlet}"
            )
    total = len(result.articles)
    print(
        f"articles {total} (skipped {len(result.skipped)}): full date {full}, "
        f"partial {partial}, none {none}; outlet {outlets} of {total}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
