"""`make bench`: how long builds take and how much memory and disk they use.

Each stage runs as a child process, so its wall time and peak memory (RSS,
from ``os.wait4``) are its own. Prints a table and writes JSON. Figures, not
pass/fail: machines are shared and noisy, so compare ratios within one run.

    python -m builder.bench [--sizes 100,500,1000] [--large] [--json bench.json]
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from .synthetic import make_project

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


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


def mkdocs_only(root: Path) -> Run:
    """MkDocs on the already generated site_src/, without our hook."""
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", config)
    bundle = sorted((root / "site_src" / "assets" / "javascripts").glob("vega-*.js"))[0].relative_to(root / "site_src").as_posix()
    config = config.replace("extra:\n", f"extra:\n  vega_bundle: {bundle}\n", 1)
    (root / "mkdocs-nohook.yml").write_text(config, encoding="utf-8")
    return run([PY, "-m", "mkdocs", "build", "-q", "-f", "mkdocs-nohook.yml", "-d", "site-mkdocs-only"], root)


def end_to_end(root: Path) -> Run:
    return run([PY, "-c", "from builder.cli import main; main()", "build", "--root", str(root)], root)


def size_mb(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20, 1)


def html_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def page_weight(site: Path) -> dict[str, int]:
    """Gzipped bytes of each page type: its HTML plus its own chart SVGs (not the shared bundles)."""
    samples = {
        "home": "index.html",
        "indicator": "indicators/high-value-patents/index.html",
        "indicators index": "indicators/index.html",
        "task": "tasks/1-1/index.html",
        "unit": "units/amr/index.html",
        "open data": "open-data/index.html",
    }
    weights = {}
    for kind, rel in samples.items():
        page = site / rel
        if not page.is_file():
            continue
        html = page.read_bytes()
        total = len(gzip.compress(html, 9, mtime=0))
        for svg in set(re.findall(rb'src="([^"]+\.svg)"', html)):
            target = (page.parent / svg.decode()).resolve()
            if target.is_file():
                total += len(gzip.compress(target.read_bytes(), 9, mtime=0))
        weights[kind] = total
    return weights


def bench_wuhan(work: Path) -> dict:
    """The real plan: generation alone, MkDocs alone, end to end, and an editor's rebuild."""
    root = make_copy(work / "wuhan")
    cold_generate = generate_only(root)
    warm_generate = generate_only(root)
    mkdocs = mkdocs_only(root)
    e2e = end_to_end(root)
    release = sorted((root / "data" / "snapshots").glob("*.yaml"))[-1]
    text = release.read_text(encoding="utf-8")
    release.write_text(text.replace("    value: 62\n", "    value: 63\n", 1), encoding="utf-8")
    written = _written_after_edit(root)
    edit_rebuild = end_to_end(root)
    site = root / "site"
    return {
        "generate_cold": asdict(cold_generate),
        "generate_warm": asdict(warm_generate),
        "mkdocs_only": asdict(mkdocs),
        "end_to_end": asdict(e2e),
        "end_to_end_over_mkdocs": round(e2e.seconds / mkdocs.seconds, 2),
        "generation_share_of_mkdocs": round(warm_generate.seconds / mkdocs.seconds, 2),
        "editor_rebuild_after_one_value": asdict(edit_rebuild),
        "files_regenerated_after_one_value": written,
        "html_pages": html_pages(site),
        "output_mb": size_mb(site),
        "page_weight_gzip_bytes": page_weight(site),
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
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.large:
        sizes.append(2000)
    with tempfile.TemporaryDirectory(prefix="plansite-bench-") as tmp:
        work = Path(tmp)
        results = {"machine": machine(), "wuhan": bench_wuhan(work), "synthetic": []}
        print_wuhan(results["wuhan"])
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


def print_wuhan(w: dict) -> None:
    print("Wuhan plan")
    print(f"  {'stage':<38}{'seconds':>9}{'peak RSS MB':>13}")
    for label, key in [
        ("generation, cold (renders SVGs)", "generate_cold"),
        ("generation, warm (nothing changed)", "generate_warm"),
        ("MkDocs alone on the same site_src", "mkdocs_only"),
        ("end to end (plansite build)", "end_to_end"),
        ("editor's rebuild after one new value", "editor_rebuild_after_one_value"),
    ]:
        print(f"  {label:<38}{w[key]['seconds']:>9}{w[key]['peak_rss_mb']:>13}")
    print(f"  end to end / MkDocs alone: {w['end_to_end_over_mkdocs']}; warm generation / MkDocs: {w['generation_share_of_mkdocs']}")
    print(f"  files regenerated after one new value: {w['files_regenerated_after_one_value']}")
    print(f"  {w['html_pages']} HTML pages, {w['output_mb']} MB; shared Vega bundle {w['vega_bundle_gzip_bytes']} bytes gzip")
    for kind, size in w["page_weight_gzip_bytes"].items():
        print(f"  page weight, {kind:<17}{size:>8} bytes gzip (HTML + its chart SVGs)")
    print(f"Synthetic plans\n  {'N':>6}{'tasks':>7}{'pages':>7}{'seconds':>9}{'ms/page':>9}{'peak RSS MB':>13}{'output MB':>11}")


def print_synthetic_row(r: dict) -> None:
    e = r["end_to_end"]
    cells = f"{r['indicators']:>6}{r['tasks']:>7}{r['html_pages']:>7}{e['seconds']:>9}{r['ms_per_page']:>9}"
    print(f"  {cells}{e['peak_rss_mb']:>13}{r['output_mb']:>11}")


if __name__ == "__main__":
    raise SystemExit(main())
