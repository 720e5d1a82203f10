"""Writing outputs: the generated ``site_src/`` and the swap of a new ``site/``.

This is the only layer that writes files. ``site_src/`` is rewritten file by
file, only where content changed, and stale files are removed. A new
``site/`` is built beside the old one and swapped in only when complete.
"""

from __future__ import annotations

import calendar
import fcntl
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from . import charts, share
from .charts import Chart
from .config import LOCK_WAIT, Paths
from .errors import DataError, Problem
from .load import decode_utf8, load_yaml, position_of, raise_if, read_regular_file
from .model import Dataset
from .render import Rendered, render_site
from .share import Card
from .speak import CHARTS_DIR, PLACEHOLDER_MARK
from .validate import load_dataset

log = logging.getLogger("plansite")

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
    notes: list[str] = field(default_factory=list)  # what the build left out, and why


#: Content files may be larger than data files (images, downloads).
MAX_CONTENT_BYTES = 20 * 2**20


def read_content(paths: Paths) -> tuple[dict[str, bytes], list[Problem]]:
    """Hand-written pages and files under content/, by relative path, and the
    problems found: anything but a regular file inside the project, a page
    that is not UTF-8. Hidden files are skipped; editor backups are skipped
    with a note."""
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    if not paths.content.is_dir():
        return files, problems
    for folder, dirs, names in os.walk(paths.content):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted([*names, *(d for d in dirs if os.path.islink(os.path.join(folder, d)))]):
            path = Path(folder, name)
            rel, display = path.relative_to(paths.content).as_posix(), paths.display(path)
            if name.startswith("."):
                continue
            if name.endswith(("~", ".swp", ".bak", ".orig")):
                log.warning("%s: note: an editor's backup file; ignored", display)
                continue
            data, found = read_regular_file(path, display, paths.root, MAX_CONTENT_BYTES)
            if data is not None and path.suffix == ".md":
                found = decode_utf8(data, display)[1]
            problems += found
            if not found:
                files[rel] = data
    return files, problems


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes files private; these are published
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):  # name the file being written, not its temporary copy
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
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


def drawn_files(charts: tuple[Chart, ...], cards: tuple[Card, ...], existing: Path) -> dict[str, bytes]:
    """Static SVGs of the charts and PNGs of the share images. A file's name
    is the hash of its spec, so one already in ``existing`` is reused and
    only new ones are drawn."""
    jobs: dict[str, Callable[[Any], str | bytes]] = {}
    for chart in charts:
        for name, static in chart.static_specs.items():
            jobs[f"{CHARTS_DIR}/{name}"] = lambda vlc, spec=static: vlc.vegalite_to_svg(spec)
    for card in cards:
        jobs[card.path] = lambda vlc, spec=card.spec: vlc.vegalite_to_png(spec, scale=1)
    out: dict[str, bytes] = {}
    todo = []
    for rel, draw in jobs.items():
        cached = existing / rel
        if cached.is_file():
            out[rel] = cached.read_bytes()
        else:
            todo.append((rel, draw))
    if todo:
        import vl_convert

        # vl-convert renders in native code and releases the GIL for part of
        # the work: threads give ~1.5x on two cores (processes deadlock in V8).
        workers = min(len(todo), os.cpu_count() or 1)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            drawn = pool.map(lambda job: job[1](vl_convert), todo)
            for (rel, _), data in zip(todo, drawn, strict=True):
                out[rel] = data.encode("utf-8") if isinstance(data, str) else data
    return out


def share_languages(dataset: Dataset) -> tuple[tuple[str, ...], list[str]]:
    """The languages whose pages get share images, and a note on each that does not.

    A share image is only shared by its absolute address, so a site without
    ``url`` has none; a language whose site name no installed font draws has
    none rather than images of missing-glyph boxes.
    """
    if not dataset.site.url:
        return (), []
    languages, notes = [], []
    for lang in dataset.site.languages:
        missing = share.undrawable(dataset.site.name(lang.code), lang.image_font)
        if missing:
            notes.append(
                f"data/site.yaml: note: no installed font draws {missing!r} of the site's name in '{lang.code}' "
                f"(languages.image_font: {lang.image_font}); its pages are published without share images"
            )
        else:
            languages.append(lang.code)
    return tuple(languages), notes


#: Said by ``plansite build`` when data/site.yaml gives no address.
NO_URL_NOTE = (
    "data/site.yaml: note: no 'url', so the site is published without what must be absolute: "
    "canonical and language-alternate links, share images, the sitemap and the feeds' links"
)
#: The PNG download is the static SVG drawn at twice its size, for sharp prints and slides.
PNG_SCALE = 2


def chart_pngs(charts: tuple[Chart, ...], svgs: dict[str, bytes], existing: Path) -> dict[str, bytes]:
    """PNG images of the charts offered for download, drawn from their static SVG
    (the same picture, no second rendering of the spec). Named like the SVG, so
    a PNG already in ``existing`` is reused."""
    out: dict[str, bytes] = {}
    todo = []
    for chart in (c for c in charts if c.downloads):
        rel = f"{CHARTS_DIR}/{chart.png_name}"
        cached = existing / rel
        if cached.is_file():
            out[rel] = cached.read_bytes()
        else:
            todo.append((rel, svgs[f"{CHARTS_DIR}/{chart.svg_name}"].decode("utf-8")))
    if todo:
        import vl_convert

        workers = min(len(todo), os.cpu_count() or 1)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            pngs = pool.map(lambda job: vl_convert.svg_to_png(job[1], scale=PNG_SCALE), todo)
            for (rel, _), png in zip(todo, pngs, strict=True):
                out[rel] = png
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
    # The gzip header of sitemap.xml.gz holds this as an unsigned 32-bit number.
    epoch = min(max(calendar.timegm(as_of.timetuple()), 0), 2**32 - 1)
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)


def prepare(paths: Paths) -> tuple[Dataset, Rendered]:
    """Check the data and render everything in memory; write nothing.

    Raises :class:`DataError` with every problem, including labels the pages
    use that data/ui.yaml does not define.
    """
    dataset, rendered, _, _ = _prepare(paths)
    return dataset, rendered


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with suppress(OSError):  # a cache that cannot be written only costs time
            super().dump_bytecode(bucket)


def template_cache(folder: Path) -> jinja2.BytecodeCache | None:
    """The compiled templates, kept between builds (compiling them all takes
    about a quarter of a second); each file is replaced in one step. None if
    the folder cannot be made."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _TemplateCache(str(folder))


@contextmanager
def kept_chart_specs(folder: Path) -> Iterator[None]:
    """The chart specs made with Altair by the last build (charts.MADE), read
    before rendering; written back, those this build used, when it made or
    dropped any. A cache that cannot be read or written only costs time. Kept
    per version of the chart code: a changed chart is always made anew."""
    path = folder / f"{charts.code_version()}.json"
    kept: Any = {}
    with suppress(OSError, ValueError):
        kept = json.loads(path.read_bytes())
    if isinstance(kept, dict):
        charts.MADE.update({k: v for k, v in kept.items() if isinstance(v, dict) and k not in charts.MADE})
    charts.USED.clear()
    yield
    charts.forget_unused()
    if set(charts.MADE) != set(kept if isinstance(kept, dict) else ()):
        with suppress(OSError):
            for stale in folder.glob("*.json"):
                if stale != path:
                    stale.unlink()
            _atomic_write(path, json.dumps(charts.MADE, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def _prepare(paths: Paths) -> tuple[Dataset, Rendered, dict[str, bytes], list[str]]:
    content, content_problems = read_content(paths)
    try:
        dataset = load_dataset(paths)
    except DataError as exc:
        raise DataError([*exc.problems, *content_problems]) from None
    raise_if(content_problems)
    languages, notes = share_languages(dataset)
    with kept_chart_specs(paths.cache / "charts"):
        rendered = render_site(dataset, languages, template_cache(paths.cache / "templates"))
    if rendered.missing_labels:
        ui_file = paths.data / "ui.yaml"
        raw, _ = load_yaml(ui_file, paths.display(ui_file), paths.root)
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
    return dataset, rendered, content, notes if dataset.site.url else [NO_URL_NOTE]


#: The site's own stylesheet; the published copy (in site_src/, which MkDocs
#: prefers to the theme's file) is minified: its comments are for editors,
#: and every page loads it.
SITE_CSS = "assets/plansite.css"


def site_css(paths: Paths) -> bytes:
    import rcssmin

    return rcssmin.cssmin((paths.theme / SITE_CSS).read_text(encoding="utf-8")).encode("utf-8") + b"\n"


def generate(paths: Paths) -> tuple[Dataset, WriteReport]:
    """Check the data, render every page, and update ``site_src/``.

    Raises :class:`~builder.errors.DataError` before writing anything if the
    data has problems.
    """
    dataset, rendered, content, notes = _prepare(paths)
    files = dict(rendered.files)
    files.update(drawn_files(rendered.charts, rendered.cards, paths.site_src))
    files.update(chart_pngs(rendered.charts, files, paths.site_src))
    bundle, bundle_bytes = vega_bundle(paths.site_src)
    files[bundle] = bundle_bytes
    files[f"{JS_DIR}/.vega-{_vl_version()}"] = bundle.encode("utf-8")
    files[SITE_CSS] = site_css(paths)
    for rel, data in content.items():
        files.setdefault(rel, data)
    report = write_tree(paths.site_src, files)
    report.vega_bundle = bundle
    report.notes = notes
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


def describe_os_error(exc: OSError, paths: Paths) -> str:
    """A failed read or write (disk full, read-only or forbidden folder) in one line."""
    where = f" {paths.display(Path(exc.filename))}" if exc.filename else ""
    return f"cannot write{where}: {exc.strerror or exc}"


class BuildBusy(Exception):
    """Another build of the same project holds the lock for longer than we wait."""


#: Complete sites, one folder per build; ``site`` is a symlink to one of them.
BUILDS_DIR = ".site-builds"
#: Held (``flock``) by the one build that may write site_src/ and swap site/.
LOCK_FILE = ".plansite.lock"
_TMP, _LINK = ".tmp-", ".link-"


@contextmanager
def build_lock(paths: Paths, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold the project's build lock, waiting at most ``wait`` seconds for it.

    The lock is an ``flock`` on a file in the project root: the kernel
    releases it when its holder exits, even when killed, so a dead build
    never blocks the next one. Raises :class:`BuildBusy` after ``wait``.
    """
    fd = os.open(paths.root / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BuildBusy(f"another build of this project is still running (waited {wait:g} s); try again later") from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)  # also releases the lock


def _new_version() -> str:
    return f"{time.time_ns()}-{os.getpid()}"


def _versions(builds: Path) -> list[str]:
    """The complete builds, oldest first (names start with their time)."""
    if not builds.is_dir():
        return []
    return sorted((p.name for p in builds.iterdir() if not p.name.startswith(".") and p.is_dir()), key=lambda n: int(n.split("-")[0]))


def current_version(paths: Paths) -> str | None:
    """The build ``site`` points to, if it is a link to a complete build."""
    site = paths.site
    if not site.is_symlink():
        return None
    name = Path(os.readlink(site)).name
    return name if (paths.root / BUILDS_DIR / name).is_dir() else None


def _point_site_at(paths: Paths, version: str) -> None:
    """Make ``site`` a link to ``version`` in one atomic rename."""
    link = paths.root / BUILDS_DIR / f"{_LINK}{version}"
    link.unlink(missing_ok=True)
    os.symlink(f"{BUILDS_DIR}/{version}", link)
    os.replace(link, paths.site)


def recover(paths: Paths) -> None:
    """Repair what a killed build left; call with the build lock held.

    Unfinished builds and links are removed; a complete site is never
    deleted. A real ``site/`` folder (or one moved aside by the swap used
    before the symlink layout) becomes a version under ``.site-builds/``,
    and a missing or dangling ``site`` points at the newest complete build.
    """
    root, builds = paths.root, paths.root / BUILDS_DIR
    builds.mkdir(exist_ok=True)
    for aside in sorted(root.glob(".site-old-*")):  # the previous complete site
        os.replace(aside, builds / _new_version())
    for partial in root.glob(".site-new-*"):
        shutil.rmtree(partial, ignore_errors=True)
    for entry in builds.iterdir():
        if entry.name.startswith(_TMP):
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.name.startswith(_LINK):
            entry.unlink(missing_ok=True)
    site = paths.site
    if site.is_dir() and not site.is_symlink():
        version = _new_version()
        os.replace(site, builds / version)
        _point_site_at(paths, version)
    if current_version(paths) is None and not (site.exists() and not site.is_symlink()):
        versions = _versions(builds)
        if versions:
            _point_site_at(paths, versions[-1])


def publish(paths: Paths, build_into: Callable[[Path], None]) -> None:
    """Build a complete site with ``build_into(folder)``, then swap it in.

    Call with the build lock held. The site is built in
    ``.site-builds/.tmp-<version>/``, renamed to ``.site-builds/<version>/``
    once complete, and ``site`` becomes a link to it in one atomic rename: a
    reader sees the old site or the new one, never a mix. The previous
    version stays until the next successful swap. If the build fails or is
    interrupted, ``site`` is left exactly as it was and the partial build is
    removed.
    """
    recover(paths)
    builds = paths.root / BUILDS_DIR
    version = _new_version()
    tmp = builds / f"{_TMP}{version}"
    tmp.mkdir()
    tmp.chmod(0o755)  # whatever the umask, the site is for the public
    try:
        build_into(tmp)
        os.replace(tmp, builds / version)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    previous = current_version(paths)
    _point_site_at(paths, version)
    for stale in _versions(builds):
        if stale not in (version, previous):
            shutil.rmtree(builds / stale, ignore_errors=True)
