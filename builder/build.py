"""Writing outputs: the generated ``site_src/`` and the swap of a new ``site/``.

This is the only layer that writes files. ``site_src/`` is rewritten file by
file, only where content changed, and stale files are removed. A new
``site/`` is built beside the old one and swapped in only when complete.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .charts import Chart
from .config import Paths
from .errors import DataError, Problem
from .load import load_yaml, position_of
from .model import Dataset
from .render import PLACEHOLDER_MARK, Rendered, render_site
from .validate import load_dataset

CHARTS_DIR = "assets/charts"
JS_DIR = "assets/javascripts"

#: Files in site_src/ that are part of the repository, not generated.
KEEP = frozenset({".gitignore"})

#: Project root -> (dataset, Vega bundle) of a generation that an MkDocs build
#: about to run should use instead of generating again (set by ``plansite build``).
PREGENERATED: dict[str, tuple[Dataset, str]] = {}


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    vega_bundle: str = ""  # site path of the content-hashed Vega bundle


def read_content(content_dir: Path) -> dict[str, bytes]:
    """Hand-written pages and files under content/, by relative path."""
    if not content_dir.is_dir():
        return {}
    return {
        p.relative_to(content_dir).as_posix(): p.read_bytes()
        for p in sorted(content_dir.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes files private; these are published
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_tree(out_dir: Path, files: dict[str, bytes]) -> WriteReport:
    """Make ``out_dir`` hold exactly ``files``, touching only what differs."""
    report = WriteReport()
    for rel, data in sorted(files.items()):
        target = out_dir / rel
        if target.is_file() and target.read_bytes() == data:
            report.unchanged.append(rel)
            continue
        _atomic_write(target, data)
        report.written.append(rel)
    if out_dir.is_dir():
        for path in sorted(out_dir.rglob("*"), reverse=True):
            rel = path.relative_to(out_dir).as_posix()
            if path.is_file() and rel not in files and rel not in KEEP:
                path.unlink()
                report.removed.append(rel)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return report


def chart_svgs(charts: tuple[Chart, ...], existing: Path) -> dict[str, bytes]:
    """Static SVGs of the charts. A file name is the hash of its spec, so an
    SVG already in ``existing`` is reused and only new charts are rendered."""
    out: dict[str, bytes] = {}
    todo = []
    for chart in charts:
        rel = f"{CHARTS_DIR}/{chart.svg_name}"
        cached = existing / rel
        if cached.is_file():
            out[rel] = cached.read_bytes()
        else:
            todo.append((rel, chart))
    if todo:
        import vl_convert

        # vl-convert renders in native code and releases the GIL for part of
        # the work: threads give ~1.5x on two cores (processes deadlock in V8).
        workers = min(len(todo), os.cpu_count() or 1)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            svgs = pool.map(lambda job: vl_convert.vegalite_to_svg(job[1].svg_spec), todo)
            for (rel, _), svg in zip(todo, svgs, strict=True):
                out[rel] = svg.encode("utf-8")
    return out


def vega_bundle(existing: Path) -> tuple[str, bytes]:
    """Vega, Vega-Lite and Vega-Embed as one script served by the site itself,
    under a name that changes with its content (cacheable for ever)."""
    import vl_convert

    marker = existing / JS_DIR / f".vega-{_vl_version()}"
    if marker.is_file():  # the bundle only changes with the vl-convert version
        rel = marker.read_text(encoding="utf-8").strip()
        if (existing / rel).is_file():
            return rel, (existing / rel).read_bytes()
    data = vl_convert.javascript_bundle().encode("utf-8")
    rel = f"{JS_DIR}/vega-{hashlib.sha256(data).hexdigest()[:12]}.js"
    return rel, data


def pin_build_date(dataset: Dataset) -> None:
    """Dates MkDocs writes (the sitemap's) come from the data, not the clock:
    the same input gives a byte-identical site."""
    as_of = dataset.latest_release.date if dataset.latest_release else dataset.plan.date
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(as_of.timetuple()))


def prepare(paths: Paths) -> tuple[Dataset, Rendered]:
    """Check the data and render everything in memory; write nothing.

    Raises :class:`DataError` with every problem, including labels the pages
    use that data/ui.yaml does not define.
    """
    dataset = load_dataset(paths)
    rendered = render_site(dataset)
    if rendered.missing_labels:
        ui_file = paths.data / "ui.yaml"
        raw, _ = load_yaml(ui_file, paths.display(ui_file))
        line, column = position_of(raw, ("strings",))
        where = paths.display(ui_file)
        problems = []
        for entry in rendered.missing_labels:
            key, _, allowed = entry.partition(PLACEHOLDER_MARK)
            if allowed:
                message, expected, got = "unknown placeholder in this label", f"only {allowed}", "another"
            else:
                message, expected, got = "missing label used by the site", "{zh: ..., en: ...}", "nothing"
            problems.append(Problem(where, line, column, f"strings.{key}", message, expected, got))
        raise DataError(problems)
    return dataset, rendered


def generate(paths: Paths) -> tuple[Dataset, WriteReport]:
    """Check the data, render every page, and update ``site_src/``.

    Raises :class:`~builder.errors.DataError` before writing anything if the
    data has problems.
    """
    dataset, rendered = prepare(paths)
    files = dict(rendered.files)
    files.update(chart_svgs(rendered.charts, paths.site_src))
    bundle, bundle_bytes = vega_bundle(paths.site_src)
    files[bundle] = bundle_bytes
    files[f"{JS_DIR}/.vega-{_vl_version()}"] = bundle.encode("utf-8")
    for rel, data in read_content(paths.content).items():
        files.setdefault(rel, data)
    report = write_tree(paths.site_src, files)
    report.vega_bundle = bundle
    return dataset, report


def _vl_version() -> str:
    import vl_convert

    return getattr(vl_convert, "__version__", "unknown")


def copy_sitemaps(site_dir: Path, languages: tuple[str, ...]) -> None:
    """Give each language root its sitemap: Material's language switch
    fetches ``sitemap.xml`` relative to the root of the current language."""
    for lang in languages:
        root = site_dir / lang
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            if root.is_dir() and (site_dir / name).is_file():
                shutil.copyfile(site_dir / name, root / name)


SEARCH_INDEX = "search/search_index.json"


def split_search_index(site_dir: Path, languages: tuple[str, ...]) -> None:
    """Give each language its own search index, so a search finds pages in the
    reader's language only.

    mkdocs-static-i18n merges every language into ``search/search_index.json``
    at the site root. The entries of each language in ``languages`` (those
    published under ``<lang>/``) move to ``<lang>/search/search_index.json``,
    with locations relative to that root; the theme makes that root the search
    base of the language's pages. Running it again changes nothing.
    """
    merged = site_dir / SEARCH_INDEX
    if not merged.is_file():
        return
    index = json.loads(merged.read_text(encoding="utf-8"))
    docs = index["docs"]
    for lang in languages:
        prefix = f"{lang}/"
        own = [{**doc, "location": doc["location"][len(prefix) :]} for doc in docs if doc["location"].startswith(prefix)]
        docs = [doc for doc in docs if not doc["location"].startswith(prefix)]
        if own:
            _write_site_file(site_dir / lang / SEARCH_INDEX, json.dumps({**index, "docs": own}, separators=(",", ":")))
    _write_site_file(merged, json.dumps({**index, "docs": docs}, separators=(",", ":")))


def _write_site_file(path: Path, text: str) -> None:
    # Inside a site being built (swapped in whole by publish), like MkDocs' own files.
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def place_error_page(site_dir: Path, lang: str, default_language: str, output: str) -> str:
    """Keep each language's 404 page at its own root.

    Every language's MkDocs build writes ``404.html`` at the site root, so the
    last language built would win. A non-default language's page is written
    to ``<lang>/404.html`` here; the returned text is what MkDocs should still
    write at the root (nothing, for such a language).
    """
    if lang == default_language:
        return output
    _write_site_file(site_dir / lang / "404.html", output)
    return ""


def publish(paths: Paths, build_into: Callable[[Path], None]) -> None:
    """Build a complete site with ``build_into(tmp_dir)``, then swap it in.

    If the build fails or is interrupted, the previous ``site/`` is left
    exactly as it was and the partial build is removed.
    """
    site = paths.site
    for leftover in [*paths.root.glob(".site-new-*"), *paths.root.glob(".site-old-*")]:
        shutil.rmtree(leftover, ignore_errors=True)  # from a build that was killed
    tmp = Path(tempfile.mkdtemp(prefix=".site-new-", dir=paths.root))
    tmp.chmod(0o755)  # mkdtemp makes it private; the site is for the public
    try:
        build_into(tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = paths.root / f".site-old-{os.getpid()}"
    if site.exists():
        os.replace(site, old)
    os.replace(tmp, site)
    shutil.rmtree(old, ignore_errors=True)
