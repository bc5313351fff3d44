"""One measurement in a fresh process, printed as JSON (used by run.py).

python tests/bench/measure.py load PATH     time load_content and its peak memory
python tests/bench/measure.py search N      in-process search latency over N rounds
python tests/bench/measure.py search-cold N  the same, ranking every query afresh
python tests/bench/measure.py editor SECS   save articles as an editor would, for SECS
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")

import django

django.setup()

QUERIES = [
    "naloxone",
    "Suboxone",
    "dope sick",
    "withdrawals",
    "methadone clinic",
    "overdose",
    "treatment",
    "fentanyl test strips",
    "how long does withdrawal last",
    "buprenorfine",
]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_load(path: str) -> dict[str, Any]:
    from pathways.content.sync.load import load_content

    start = time.perf_counter()
    report = load_content(Path(path), progress=lambda m: print(m, file=sys.stderr))
    seconds = time.perf_counter() - start
    if report.errors:  # a failed load is not a figure
        raise SystemExit(f"the load failed: {report.errors[0]} ({len(report.errors)} errors)")
    return {
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "summary": report.summary(),
        "errors": len(report.errors),
    }


def measure_search(rounds: int, cold: bool = False) -> dict[str, Any]:
    from pathways import search as module
    from pathways.search import search

    if cold:  # every query ranked afresh, as the first reader to ask it would be
        module.ranked_ids = module.rank
    for query in QUERIES:  # warm the caches and the database
        search(query)
    samples = []
    for _ in range(rounds):
        for query in QUERIES:
            start = time.perf_counter()
            search(query)
            samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "count": len(samples),
        "p50_ms": samples[len(samples) // 2],
        "p95_ms": samples[int(len(samples) * 0.95)],
    }


def run_editor(seconds: float) -> dict[str, Any]:
    """Save articles through the same path as the admin, as fast as an editor might."""
    from pathways.models import Article

    slugs = list(Article.objects.published().values_list("slug", flat=True)[:20])
    saves = errors = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        article = Article.objects.get(slug=slugs[saves % len(slugs)])
        try:
            article.body = article.body.rstrip("\n") + "\n"  # a save that keeps the text
            article.version += 1
            article.save()  # publishes itself, as an admin save does
            saves += 1
        except Exception as exc:
            errors += 1
            print(f"editor save failed: {exc}", file=sys.stderr)
        time.sleep(0.5)
    return {"saves": saves, "errors": errors}


if __name__ == "__main__":
    command, argument = sys.argv[1], sys.argv[2]
    if command == "load":
        result = measure_load(argument)
    elif command == "search":
        result = measure_search(int(argument))
    elif command == "search-cold":
        result = measure_search(int(argument), cold=True)
    else:
        result = run_editor(float(argument))
    print(json.dumps(result))
