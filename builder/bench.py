"""`make bench`: how long builds take and how much memory and disk they use.

Each stage runs as a child process, so its wall time and peak memory (RSS,
from ``os.wait4``) are its own. Prints a table and writes JSON. Figures, not
pass/fail: machines are shared and noisy, so compare ratios within one run,
and the instruction counts (Valgrind), which noise does not move.

    python -m builder.bench [--sizes 100,500,1000] [--large] [--no-instructions] [--json bench.json]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import itertools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .model import Dataset
from .pages import nav_pages
from .synthetic import make_project

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable
#: Each stage runs as users run it: Python keeps the compiled modules (a
#: PYTHONDONTWRITEBYTECODE in the environment would make every process compile
#: the builder anew, which installed packages such as MkDocs never pay).
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "NO_MKDOCS_2_WARNING": "1"}


#: How many times the timed stages of the real plan run (their best run counts).
ROUNDS = 5


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float


def run(args: list[str], cwd: Path) -> Run:
    """Run a command; return its wall time and the peak RSS of its process tree's largest process."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{proc.stderr.read().decode(errors='replace')[-3000:]}")
    return Run(round(seconds, 2), round(usage.ru_maxrss / 1024, 1))


def generate_only(root: Path) -> Run:
    code = "import sys; from builder.build import generate; from builder.config import Paths; generate(Paths.at(sys.argv[1]))"
    return run([PY, "-c", code, str(root)], root)


MKDOCS_ONLY = ["-m", "mkdocs", "build", "-q", "-f", "mkdocs-nohook.yml", "-d", "site-mkdocs-only"]


def mkdocs_only(root: Path) -> Run:
    """MkDocs on the already generated site_src/, without our hook: the same
    plugins building the same languages with the same navigation and search
    languages (which the hook would set from the data)."""
    write_bare_config(root)
    return run([PY, *MKDOCS_ONLY], root)


def write_bare_config(root: Path) -> None:
    """mkdocs-nohook.yml: mkdocs.yml without the hook, with what the hook sets from the data written in."""
    target = root / "mkdocs-nohook.yml"
    if target.is_file():
        return
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", config)
    ds = _dataset(root)
    config = re.sub(r"(\n +languages:[^\n]*\n)( +- \{locale: [^\n]*\n)+", lambda m: m.group(1) + _languages(ds), config)
    config = config.replace("\n  - search:\n", f"\n  - search:\n      lang: {json.dumps(list(ds.languages))}\n", 1)
    config = config.replace("\ntheme:\n", f"\ntheme:\n  language: {ds.default_language}\n", 1)
    config += "\nnav:\n" + "".join(f"  - {json.dumps(page.path)}\n" for page in nav_pages(ds))
    bundle = sorted((root / "site_src" / "assets" / "javascripts").glob("vega-*.js"))[0].relative_to(root / "site_src").as_posix()
    config = config.replace("extra:\n", f"extra:\n  vega_bundle: {bundle}\n", 1)
    target.write_text(config, encoding="utf-8")


#: Where Valgrind prints the instructions a program ran.
_COLLECTED = re.compile(r"==\d+== Collected : (\d+)")


def instructions(args: list[str], cwd: Path) -> int:
    """The instructions ``args`` runs, counted by Valgrind (about 70 times
    slower than a plain run, but the same count on a busy machine as on a
    quiet one: ±0.001% between runs)."""
    env = {**ENV, "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    found = _COLLECTED.findall(done.stderr)
    if done.returncode != 0 or not found:
        raise RuntimeError(f"valgrind {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return int(found[-1])


def bench_instructions(root: Path) -> dict:
    """MkDocs alone and ``plansite build`` (both warm, as in the timed runs)
    counted in instructions, side by side: a ratio noise cannot move."""
    if shutil.which("valgrind") is None:
        return {"skipped": "Valgrind is not installed (apt-get install valgrind)"}
    write_bare_config(root)
    jobs = {
        "mkdocs_only": [PY, *MKDOCS_ONLY],
        "end_to_end": [PY, "-c", "from builder.cli import main; main()", "build", "--root", str(root)],
        "check": [PY, "-c", "from builder.cli import main; main()", "check", "--root", str(root)],
    }
    # MkDocs alone writes into its own folder, so the counts may run at the same time.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        counts = dict(zip(jobs, pool.map(lambda args: instructions(args, root), jobs.values()), strict=True))
    return {**counts, "end_to_end_over_mkdocs": round(counts["end_to_end"] / counts["mkdocs_only"], 3)}


def print_instructions(counts: dict) -> None:
    print("Instructions (Valgrind; the same on a busy machine as on a quiet one)")
    if "skipped" in counts:
        print(f"  skipped: {counts['skipped']}")
        return
    for label, key in [("MkDocs alone", "mkdocs_only"), ("end to end, plansite build", "end_to_end"), ("plansite check", "check")]:
        print(f"  {label:<48}{counts[key] / 1e9:>9.2f} billion")
    print(f"  end to end / MkDocs alone: {counts['end_to_end_over_mkdocs']}")


def _dataset(root: Path) -> Dataset:
    from .config import Paths
    from .validate import load_dataset

    return load_dataset(Paths.at(root))


def _languages(ds: Dataset) -> str:
    """mkdocs-static-i18n's language list for the plan's languages (data/site.yaml)."""
    rows = [
        f"        - {{locale: {lang.code}, name: {json.dumps(lang.name)}, default: {json.dumps(n == 0)}, build: true}}\n"
        for n, lang in enumerate(ds.site.languages)
    ]
    return "".join(rows)


def check_only(root: Path) -> Run:
    """``plansite check``: validation of data/ and the labels, without rendering."""
    return run([PY, "-c", "from builder.cli import main; main()", "check", "--root", str(root)], root)


def end_to_end(root: Path) -> Run:
    return run([PY, "-c", "from builder.cli import main; main()", "build", "--root", str(root)], root)


def size_mb(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20, 1)


def html_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


#: The weight budget, in gzipped bytes: a page with the CSS, JavaScript and
#: images it references before any interaction (each file counted once).
BUDGET_NO_CHART = 80 * 1024
BUDGET_CHART = 120 * 1024

_REFERENCES = re.compile(rb'<script\b[^>]*\bsrc="([^"]+)"|<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"|<img\b[^>]*\bsrc="([^"]+)"')


@dataclass(frozen=True)
class PageWeight:
    """A built page's gzipped weight: its HTML plus each file it references."""

    page: str  # path below site/
    has_chart: bool
    html: int
    files: dict[str, int]  # referenced file (path below site/) -> gzipped bytes

    @property
    def total(self) -> int:
        return self.html + sum(self.files.values())

    @property
    def budget(self) -> int:
        return BUDGET_CHART if self.has_chart else BUDGET_NO_CHART


@functools.cache
def gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9, mtime=0))


def page_weight(site: Path, page: Path) -> PageWeight:
    """What ``page`` (an HTML file in ``site``) costs to show: scripts, stylesheets and images it references."""
    html = page.read_bytes()
    files = {}
    for match in _REFERENCES.finditer(html):
        ref = next(g for g in match.groups() if g).decode()
        if "://" in ref or ref.startswith(("data:", "//")):
            continue
        target = (page.parent / ref.split("#")[0].split("?")[0]).resolve()
        if target.is_file():
            files[target.relative_to(site.resolve()).as_posix()] = gzipped_size(target)
    return PageWeight(page.relative_to(site).as_posix(), b'class="plansite-chart' in html, len(gzip.compress(html, 9, mtime=0)), files)


def language_folders(site: Path) -> set[str]:
    """The folders of a built site that hold another language's pages (each has its own 404 page)."""
    return {d.name for d in site.iterdir() if d.is_dir() and (d / "404.html").is_file()}


def page_kind(rel: str, languages: Collection[str]) -> str:
    """A page's type from its path: 'home', 'tasks' (the index), 'tasks/*'; a language folder dropped."""
    parts = rel.split("/")[:-1]
    if parts and parts[0] in languages:
        parts = parts[1:]
    return "home" if not parts else parts[0] if len(parts) == 1 else parts[0] + "/*"


def weights_by_kind(site: Path) -> dict[str, dict]:
    """Per page type: how many pages, the heaviest, and whether they have charts."""
    kinds: dict[str, dict] = {}
    languages = language_folders(site)
    for page in sorted(site.rglob("index.html")):
        weight = page_weight(site, page)
        row = kinds.setdefault(page_kind(weight.page, languages), {"pages": 0, "charts": False, "max": 0, "heaviest": ""})
        row["pages"] += 1
        row["charts"] = row["charts"] or weight.has_chart
        if weight.total > row["max"]:
            row.update(max=weight.total, heaviest=weight.page, budget=weight.budget)
    return kinds


# --- a phone on a slow network, in Chromium -------------------------------------------

CHROMIUM = os.environ.get("PLANSITE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Chrome DevTools' "Slow 4G" preset: 562.5 ms latency, 1.6 Mbit/s down and
#: 750 kbit/s up, times 0.9 as DevTools applies them; the CPU 4x slower.
SLOW_4G = {"offline": False, "latency": 562.5, "downloadThroughput": 1.6e6 / 8 * 0.9, "uploadThroughput": 750e3 / 8 * 0.9}
CPU_SLOWDOWN = 4
PHONE = {"width": 390, "height": 844}

#: Collects Largest Contentful Paint and long tasks (for Total Blocking Time) from the page's start.
_PERF_OBSERVERS = """
window.__plansitePerf = {lcp: 0, fcp: 0, longTasks: []};
new PerformanceObserver(l => l.getEntries().forEach(e => { window.__plansitePerf.lcp = e.startTime; }))
  .observe({type: 'largest-contentful-paint', buffered: true});
new PerformanceObserver(l => l.getEntries().forEach(e => {
  if (e.name === 'first-contentful-paint') window.__plansitePerf.fcp = e.startTime; }))
  .observe({type: 'paint', buffered: true});
new PerformanceObserver(l => l.getEntries().forEach(e => window.__plansitePerf.longTasks.push([e.startTime, e.duration])))
  .observe({type: 'longtask', buffered: true});
"""


def _serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    """``site`` served on 127.0.0.1 as plain files (no compression, as many static hosts)."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def _phone_load(browser, url: str) -> dict:
    """One cold load on the throttled phone: bytes received, LCP and TBT (ms), until the network is quiet."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=3)
    page = context.new_page()
    page.add_init_script(_PERF_OBSERVERS)
    cdp = context.new_cdp_session(page)
    received = []
    cdp.on("Network.loadingFinished", lambda event: received.append(event["encodedDataLength"]))
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.goto(url, wait_until="load", timeout=120_000)
    page.wait_for_load_state("networkidle", timeout=120_000)
    perf = page.evaluate("window.__plansitePerf")
    context.close()
    blocking = sum(max(0.0, duration - 50) for start, duration in perf["longTasks"] if start >= perf["fcp"])
    return {"bytes": sum(received), "lcp_ms": round(perf["lcp"]), "tbt_ms": round(blocking)}


def phone_profile(site: Path) -> dict:
    """Per page type (its heaviest page, in either language): a cold load on a slow phone."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"skipped": "Playwright is not installed (pip install -e '.[test]')"}
    if not Path(CHROMIUM).is_file():
        return {"skipped": f"Chromium not found at {CHROMIUM} (apt-get install chromium)"}
    heaviest = {kind: row["heaviest"] for kind, row in weights_by_kind(site).items()}
    httpd, origin = _serve(site)
    results = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for kind, rel in sorted(heaviest.items()):
                results[kind] = {"page": rel, **_phone_load(browser, f"{origin}/{rel.removesuffix('index.html')}")}
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return results


def print_phone(profile: dict) -> None:
    print(f"Phone profile: {PHONE['width']} px, Slow 4G, CPU {CPU_SLOWDOWN}x slower, cold cache, served uncompressed")
    if "skipped" in profile:
        print(f"  skipped: {profile['skipped']}")
        return
    print(f"  {'page type':<16}{'bytes':>10}{'LCP ms':>9}{'TBT ms':>9}  page")
    for kind, row in profile.items():
        print(f"  {kind:<16}{row['bytes']:>10}{row['lcp_ms']:>9}{row['tbt_ms']:>9}  {row['page']}")


def bench_plan(work: Path) -> dict:
    """The real plan: generation alone, MkDocs alone, end to end, and an editor's rebuild."""
    root = make_copy(work / "plan")
    check = min((check_only(root) for _ in range(ROUNDS)), key=lambda r: r.seconds)
    cold_generate = generate_only(root)
    warm_generate = generate_only(root)
    shutil.rmtree(root / ".cache", ignore_errors=True)  # no kept templates or chart specs
    e2e_cold = end_to_end(root)
    # MkDocs alone and end to end are run in turn, ROUNDS times: the ratio is of
    # the best run of each; each pair's own ratio shows how noisy the machine was.
    pairs = [(mkdocs_only(root), end_to_end(root)) for _ in range(ROUNDS)]
    mkdocs = min((m for m, _ in pairs), key=lambda r: r.seconds)
    e2e = min((e for _, e in pairs), key=lambda r: r.seconds)
    pair_ratios = sorted(round(e.seconds / m.seconds, 2) for m, e in pairs)
    release = sorted((root / "data" / "snapshots").glob("*.yaml"))[-1]
    text = release.read_text(encoding="utf-8")
    release.write_text(text.replace("    value: 62\n", "    value: 63\n", 1), encoding="utf-8")
    written = _written_after_edit(root)
    edit_rebuild = end_to_end(root)
    site = root / "site"
    return {
        "check": asdict(check),
        "generate_cold": asdict(cold_generate),
        "generate_warm": asdict(warm_generate),
        "mkdocs_only": asdict(mkdocs),
        "end_to_end": asdict(e2e),
        "end_to_end_cold": asdict(e2e_cold),
        "end_to_end_over_mkdocs": round(e2e.seconds / mkdocs.seconds, 2),
        "end_to_end_over_mkdocs_per_pair": pair_ratios,
        "end_to_end_over_mkdocs_median_pair": statistics.median(pair_ratios),
        "generation_share_of_mkdocs": round(warm_generate.seconds / mkdocs.seconds, 2),
        "editor_rebuild_after_one_value": asdict(edit_rebuild),
        "files_regenerated_after_one_value": written,
        "html_pages": html_pages(site),
        "output_mb": size_mb(site),
        "page_weight_gzip_bytes": weights_by_kind(site),
        "vega_bundle_gzip_bytes": _bundle_weight(site),
    }


def _written_after_edit(root: Path) -> int:
    code = (
        "import sys; from builder.build import generate; from builder.config import Paths; "
        "print(len(generate(Paths.at(sys.argv[1]))[1].written))"
    )
    out = subprocess.run([PY, "-c", code, str(root)], cwd=root, env=ENV, capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1])


def _bundle_weight(site: Path) -> int:
    bundles = sorted((site / "assets" / "javascripts").glob("vega-*.js"))
    return len(gzip.compress(bundles[0].read_bytes(), 9, mtime=0)) if bundles else 0


def make_copy(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in ("data", "content", "theme"):
        shutil.copytree(REPO / name, dest / name)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / "site_src").mkdir()
    (dest / "builder").symlink_to(REPO / "builder", target_is_directory=True)
    return dest


def bench_synthetic(work: Path, n: int) -> dict:
    root = make_project(REPO, work / f"synthetic-{n}", n)
    e2e = end_to_end(root)
    site = root / "site"
    pages = html_pages(site)
    return {
        "indicators": n,
        "tasks": n // 2,
        "html_pages": pages,
        "end_to_end": asdict(e2e),
        "ms_per_page": round(e2e.seconds * 1000 / pages, 1),
        "output_mb": size_mb(site),
    }


def machine() -> dict:
    return {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(), "processor": platform.machine()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,500,1000", help="synthetic plan sizes (indicators), comma-separated")
    parser.add_argument("--large", action="store_true", help="also N = 2,000")
    parser.add_argument("--json", default="bench-results.json", help="where to write the results")
    parser.add_argument("--phone", metavar="SITE", help="only the phone profile (and page weights) of a built site")
    parser.add_argument(
        "--no-instructions", action="store_true", help="skip counting instructions with Valgrind (about 10 minutes on two cores)"
    )
    args = parser.parse_args(argv)
    if args.phone:
        print_weights(weights_by_kind(Path(args.phone)))
        print_phone(phone_profile(Path(args.phone)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.large:
        sizes.append(2000)
    with tempfile.TemporaryDirectory(prefix="plansite-bench-") as tmp:
        work = Path(tmp)
        results = {"machine": machine(), "plan": bench_plan(work), "synthetic": []}
        print_plan(results["plan"])
        if not args.no_instructions:
            results["instructions"] = bench_instructions(work / "plan")
            print_instructions(results["instructions"])
        results["phone"] = phone_profile(work / "plan" / "site")
        print_phone(results["phone"])
        print(f"Synthetic plans\n  {'N':>6}{'tasks':>7}{'pages':>7}{'seconds':>9}{'ms/page':>9}{'peak RSS MB':>13}{'output MB':>11}")
        for n in sizes:
            row = bench_synthetic(work, n)
            results["synthetic"].append(row)
            shutil.rmtree(work / f"synthetic-{n}", ignore_errors=True)
            print_synthetic_row(row)
    rows = results["synthetic"]
    growth = {
        f"t({b['indicators']})/t({a['indicators']})": round(b["end_to_end"]["seconds"] / a["end_to_end"]["seconds"], 2)
        for a, b in itertools.pairwise(rows)
        if b["indicators"] == 2 * a["indicators"]
    }
    results["growth_ratios"] = growth
    for name, ratio in growth.items():
        print(f"growth {name} = {ratio}")
    Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {args.json}")
    return 0


def print_plan(w: dict) -> None:
    print("The project's plan (data/)")
    print(f"  {'stage':<48}{'seconds':>9}{'peak RSS MB':>13}")
    for label, key in [
        (f"plansite check (best of {ROUNDS})", "check"),
        ("generation, cold (renders SVGs)", "generate_cold"),
        ("generation, warm (nothing changed)", "generate_warm"),
        (f"MkDocs alone on the same site_src (best of {ROUNDS})", "mkdocs_only"),
        ("end to end, nothing kept in .cache", "end_to_end_cold"),
        (f"end to end, plansite build (best of {ROUNDS})", "end_to_end"),
        ("editor's rebuild after one new value", "editor_rebuild_after_one_value"),
    ]:
        print(f"  {label:<48}{w[key]['seconds']:>9}{w[key]['peak_rss_mb']:>13}")
    print(
        f"  end to end / MkDocs alone (best of {ROUNDS} each): {w['end_to_end_over_mkdocs']}; "
        f"warm generation / MkDocs: {w['generation_share_of_mkdocs']}"
    )
    print(
        f"  the same, run by run: {', '.join(map(str, w['end_to_end_over_mkdocs_per_pair']))} "
        f"(median {w['end_to_end_over_mkdocs_median_pair']})"
    )
    print(f"  files regenerated after one new value: {w['files_regenerated_after_one_value']}")
    print(f"  {w['html_pages']} HTML pages, {w['output_mb']} MB; shared Vega bundle {w['vega_bundle_gzip_bytes']} bytes gzip")
    print_weights(w["page_weight_gzip_bytes"])


def print_weights(kinds: dict[str, dict]) -> None:
    print("Page weight, gzipped: HTML + the CSS, JS and images it references before any interaction; heaviest page of each type")
    print(f"  {'page type':<16}{'pages':>6}{'chart':>7}{'bytes':>9}{'budget':>9}  heaviest")
    for kind, row in kinds.items():
        chart = "yes" if row["charts"] else "no"
        print(f"  {kind:<16}{row['pages']:>6}{chart:>7}{row['max']:>9}{row['budget']:>9}  {row['heaviest']}")


def print_synthetic_row(r: dict) -> None:
    e = r["end_to_end"]
    cells = f"{r['indicators']:>6}{r['tasks']:>7}{r['html_pages']:>7}{e['seconds']:>9}{r['ms_per_page']:>9}"
    print(f"  {cells}{e['peak_rss_mb']:>13}{r['output_mb']:>11}")


if __name__ == "__main__":
    raise SystemExit(main())
