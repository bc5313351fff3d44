"""`make bench`: figures for content loads, serving, search and a load run.

Prints measurements only and asserts nothing about time; ratios are against a
baseline measured in the same run (the static copy of a page, the cold load).
Everything runs on 127.0.0.1 and stops by itself.

Environment: BENCH_SIZES (default "1000,10000"), BENCH_SERVING_SECONDS (each
wrk run in the serving table, default 6), BENCH_LOAD_SECONDS (the mixed load
run, default 60), BENCH_PARTS (default "loads,serving,load-run"; "loads" also
runs the search latencies).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "1000,10000").split(",")]
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
SECRET = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG"
LUA = Path(__file__).with_name("mix.lua")


def say(text: str = "") -> None:
    print(text, flush=True)


def env_for(database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="pathways.settings",
        DEBUG="false",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        **extra,
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


def generate_corpus(size: int, tree: Path) -> None:
    """The real pages plus `size` generated articles (tests/bench/synthetic.py)."""
    subprocess.run(
        [PY, "tests/bench/synthetic.py", str(size), str(tree)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )


def measure(env: dict[str, str], *args: str) -> dict[str, Any]:
    result = subprocess.run(
        [PY, "tests/bench/measure.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    for line in result.stderr.splitlines():
        if " of " in line and ("read" in line or "rendered" in line):
            print(f"    … {line}", flush=True)  # progress of long loads
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def reachable(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def fresh_postgres(name: str) -> str:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_SERVER}/{name}"


# -- Content load ---------------------------------------------------------------


def bench_loads(work: Path) -> dict[int, str]:
    say("## Content load (load_content in a fresh process; seconds, peak memory)")
    say(
        "| articles | database | cold | no change | one file changed | no-change / cold "
        "| cold peak |"
    )
    say("|---|---|---|---|---|---|---|")
    databases: dict[int, str] = {}
    for size in SIZES:
        tree = work / f"corpus-{size}"
        generate_corpus(size, tree)
        targets = [("SQLite", f"sqlite:///{work / f'load-{size}.sqlite3'}")]
        if reachable(5432):
            targets.append(("PostgreSQL", fresh_postgres(f"pathways_bench_{size}")))
        for label, url in targets:
            env = env_for(url)
            manage(env, "migrate", "--noinput", "-v0")
            cold = measure(env, "load", str(tree))
            same = measure(env, "load", str(tree))
            changed = tree / "articles" / "synthetic-00001.md"
            changed.write_text(changed.read_text() + "\nOne more sentence for the bench.\n")
            one = measure(env, "load", str(tree))
            changed.write_text(
                changed.read_text().replace("\nOne more sentence for the bench.\n", "")
            )
            measure(env, "load", str(tree))  # back to the generated text
            real = len(list(tree.rglob("*.md")))
            say(
                f"| {size:,} (+{real - size} real pages) | {label} | {cold['seconds']:.1f} s "
                f"| {same['seconds']:.2f} s | {one['seconds']:.2f} s "
                f"| {same['seconds'] / cold['seconds']:.3f} | {cold['peak_mb']:.0f} MB |"
            )
            if label == "SQLite":
                databases[size] = url
    say()
    return databases


def bench_search(databases: dict[int, str]) -> None:
    size = max(databases)
    say(f"## Search latency in-process at {size:,} articles")
    say("(repeated: the ranking kept per index version; first-time: every query ranked afresh)")
    targets = [("SQLite FTS5", databases[size])]
    if reachable(5432):
        targets.append(("PostgreSQL", f"{PG_SERVER}/pathways_bench_{size}"))
    for label, url in targets:
        for mode, command in (("repeated", "search"), ("first-time", "search-cold")):
            r = measure(env_for(url), command, "20")
            say(
                f"{label}, {mode}: {r['count']} searches, p50 {r['p50_ms']:.1f} ms, "
                f"p95 {r['p95_ms']:.1f} ms"
            )
    say()


# -- Serving --------------------------------------------------------------------


class Gunicorn:
    def __init__(self, env: dict[str, str], port: int, workers: int = 2) -> None:
        self.port = port
        self.process = subprocess.Popen(
            [
                str(Path(PY).with_name("gunicorn")),
                "pathways.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 30
        while not reachable(port):
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.2)

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as r:
            return bytes(r.read())

    def worker_rss_mb(self) -> list[float]:
        out = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        sizes = []
        for pid in out:
            status = Path(f"/proc/{pid}/status").read_text()
            match = re.search(r"VmRSS:\s+(\d+) kB", status)
            if match:
                sizes.append(int(match.group(1)) / 1024)
        return sizes

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def wrk(url: str, seconds: int, connections: int, script: Path | None = None) -> dict[str, Any]:
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if script is not None:
        args += ["-s", str(script)]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    result: dict[str, Any] = {"raw": out}
    result["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    for label, key in (("50%", "p50"), ("99%", "p99")):
        match = re.search(rf"{re.escape(label)}\s+([\d.]+)(us|ms|s)", out)
        if match:
            value = float(match.group(1))
            result[key] = {"us": value / 1000, "ms": value, "s": value * 1000}[match.group(2)]
    requests = re.search(r"(\d+) requests in", out)
    result["requests"] = int(requests.group(1)) if requests else 0
    for name in ("s2xx", "s429", "s4xx", "s5xx", "errors"):
        match = re.search(rf"{name}=(\d+)", out)
        result[name] = int(match.group(1)) if match else 0
    return result


def serving_env(work: Path, database_url: str, **extra: str) -> dict[str, str]:
    static = work / "static"
    env = env_for(database_url, STATIC_ROOT=str(static), SEARCH_RATE_LIMIT="0", **extra)
    return env


SERVING_SECONDS = int(os.environ.get("BENCH_SERVING_SECONDS", "6"))
WARM_SECONDS = 2


def largest_article(server: Gunicorn) -> str:
    """The published article whose page is biggest, read from the sitemap."""
    sitemap = server.get("/sitemap.xml").decode()
    paths = re.findall(r"<loc>https?://[^/<]+(/articles/[^<]+)</loc>", sitemap)
    return max(paths, key=lambda path: len(server.get(path)))


def serving_pages(server: Gunicorn) -> dict[str, str]:
    sitemap = server.get("/sitemap.xml").decode()
    stage = sorted(re.findall(r"<loc>https?://[^/<]+(/pathway/[^/<]+/)</loc>", sitemap))[0]
    article = largest_article(server)
    return {
        "home": "/",
        "pathway": "/pathway/",
        f"stage {stage}": stage,
        f"article {article}": article,
    }


def serve_config(work: Path, label: str, **extra: str) -> dict[str, dict[str, Any]]:
    """Each page against its own static copy: warm up, then page, static, page, static."""
    url = f"sqlite:///{work / f'serve-{label}.sqlite3'}"
    env = serving_env(work, url, **extra)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_content")
    manage(env, "collectstatic", "--noinput", "-v0")
    port = 8701
    server = Gunicorn(env, port)
    try:
        pages = serving_pages(server)
        copies = {name: server.get(path) for name, path in pages.items()}
    finally:
        server.stop()
    # The ceiling: the same HTML as a static file, served by whitenoise in the
    # same gunicorn (written before it starts, so whitenoise knows the files).
    (work / "static" / "bench").mkdir(exist_ok=True)
    statics = {}
    for n, (name, html) in enumerate(copies.items()):
        (work / "static" / "bench" / f"page-{n}.html").write_bytes(html)
        statics[name] = f"/static/bench/page-{n}.html"
    server = Gunicorn(env, port)
    results: dict[str, dict[str, Any]] = {}
    try:
        for name, path in pages.items():
            page_url = f"http://127.0.0.1:{port}{path}"
            static_url = f"http://127.0.0.1:{port}{statics[name]}"
            assert server.get(path) == copies[name], f"{path} changed during the bench"
            wrk(page_url, WARM_SECONDS, 16)
            wrk(static_url, WARM_SECONDS, 16)
            runs: dict[str, list[dict[str, Any]]] = {"page": [], "static": []}
            for _ in range(2):
                runs["page"].append(wrk(page_url, SERVING_SECONDS, 16))
                runs["static"].append(wrk(static_url, SERVING_SECONDS, 16))
            results[name] = {
                kind: {
                    "rps": sum(float(r["rps"]) for r in rs) / len(rs),
                    "p50": sum(float(r.get("p50", 0)) for r in rs) / len(rs),
                    "p99": sum(float(r.get("p99", 0)) for r in rs) / len(rs),
                    "errors": sum(int(r["s5xx"]) + int(r["errors"]) for r in rs),
                }
                for kind, rs in runs.items()
            }
        search = wrk(f"http://127.0.0.1:{port}/search/?q=suboxone", SERVING_SECONDS, 16)
        results["search /search/?q=suboxone"] = {
            "page": {k: float(search.get(k, 0)) for k in ("rps", "p50", "p99")} | {"errors": 0},
            "static": {},
        }
        rss = ", ".join(f"{m:.0f} MB" for m in server.worker_rss_mb())
        say(f"gunicorn worker memory after the {label} runs: {rss}")
    finally:
        server.stop()
    return results


def bench_serving(work: Path) -> None:
    say(
        f"## Serving: gunicorn (2 sync workers, DEBUG off, whitenoise) on 127.0.0.1; "
        f"wrk -t2 -c16, {WARM_SECONDS} s warm-up, then page and static copy alternated "
        f"twice, {SERVING_SECONDS} s each (figures are the mean of the two)"
    )
    configs: list[tuple[str, dict[str, str]]] = [("without Redis (version file)", {})]
    if reachable(6379):
        configs.append(("with Redis", {"REDIS_URL": "redis://127.0.0.1:6379/6"}))
        import redis

        redis.Redis.from_url("redis://127.0.0.1:6379/6").flushdb()
    tables = {
        label: serve_config(work, "redis" if extra else "file", **extra) for label, extra in configs
    }
    for label, results in tables.items():
        say(f"\n### {label}")
        say("| page | requests/s | p50 | p99 | static copy requests/s | p50 | p99 | ratio |")
        say("|---|---|---|---|---|---|---|---|")
        for name, r in results.items():
            page, static = r["page"], r["static"]
            if static:
                say(
                    f"| {name} | {page['rps']:.0f} | {page['p50']:.2f} ms | {page['p99']:.2f} ms "
                    f"| {static['rps']:.0f} | {static['p50']:.2f} ms | {static['p99']:.2f} ms "
                    f"| **{page['rps'] / static['rps']:.2f}** |"
                )
            else:
                say(
                    f"| {name} | {page['rps']:.0f} | {page['p50']:.2f} ms | {page['p99']:.2f} ms "
                    f"| | | | |"
                )
        errors = sum(int(r["page"].get("errors", 0)) for r in results.values())
        say(f"\nerrors (5xx or socket) during the {label} runs: {errors}")
    say()


def bench_load_run(work: Path) -> None:
    say(
        f"## Load run: {LOAD_SECONDS} s, 50 concurrent clients over pages and searches, "
        f"while an editor saves articles"
    )
    targets = [("SQLite", f"sqlite:///{work / 'loadrun.sqlite3'}")]
    if reachable(5432):
        targets.insert(0, ("PostgreSQL", fresh_postgres("pathways_bench_loadrun")))
    say("| database | requests | errors (5xx or socket) | 429s | other 4xx | p99 | worker memory |")
    say("|---|---|---|---|---|---|---|")
    port = 8702
    for label, url in targets:
        # The search limit stays on: a flood from one address must get 429s.
        env = env_for(url, STATIC_ROOT=str(work / "static"))
        if label == "PostgreSQL" and reachable(6379):
            env["REDIS_URL"] = "redis://127.0.0.1:6379/5"
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_content")
        server = Gunicorn(env, port)
        editor = subprocess.Popen(
            [PY, "tests/bench/measure.py", "editor", str(LOAD_SECONDS)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            r = wrk(f"http://127.0.0.1:{port}/", LOAD_SECONDS, 50, LUA)
            rss = max(server.worker_rss_mb())
        finally:
            out, _ = editor.communicate(timeout=LOAD_SECONDS + 60)
            server.stop()
        saves = json.loads(out.strip().splitlines()[-1])
        say(
            f"| {label} | {r['requests']:,} | {int(r['s5xx']) + int(r['errors'])} | {r['s429']:,} "
            f"| {r['s4xx']} | {r.get('p99', 0):.0f} ms | {rss:.0f} MB |"
        )
        say(f"  editor: {saves['saves']} saves, {saves['errors']} failed")
    say()


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (make bench installs it)")
    say(
        f"# Benchmarks, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, "
        f"Python {sys.version.split()[0]}"
    )
    say()
    with tempfile.TemporaryDirectory(prefix="pathways-bench-") as tmp:
        work = Path(tmp)
        parts = set(os.environ.get("BENCH_PARTS", "loads,serving,load-run").split(","))
        if "loads" in parts:
            databases = bench_loads(work)
            bench_search(databases)
        if "serving" in parts:
            bench_serving(work)
        if "load-run" in parts:
            bench_load_run(work)


if __name__ == "__main__":
    main()
