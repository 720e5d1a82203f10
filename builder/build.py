"""Writing outputs: the generated ``site_src/`` and the swap of a new ``site/``.

This is the only layer that writes files. ``site_src/`` is rewritten file by
file, only where content changed, and stale files are removed. A new
``site/`` is built beside the old one and swapped in only when complete.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .charts import Chart
from .config import Paths
from .model import Dataset
from .render import render_site
from .validate import load_dataset

CHARTS_DIR = "assets/charts"
JS_DIR = "assets/javascripts"

#: Files in site_src/ that are part of the repository, not generated.
KEEP = frozenset({".gitignore"})


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

        for rel, chart in todo:
            out[rel] = vl_convert.vegalite_to_svg(chart.svg_spec).encode("utf-8")
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


def generate(paths: Paths) -> tuple[Dataset, WriteReport]:
    """Check the data, render every page, and update ``site_src/``.

    Raises :class:`~builder.errors.DataError` before writing anything if the
    data has problems.
    """
    dataset = load_dataset(paths)
    rendered = render_site(dataset)
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


def publish(paths: Paths, build_into: Callable[[Path], None]) -> None:
    """Build a complete site with ``build_into(tmp_dir)``, then swap it in.

    If the build fails or is interrupted, the previous ``site/`` is left
    exactly as it was and the partial build is removed.
    """
    site = paths.site
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
