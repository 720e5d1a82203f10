"""Writing outputs: the generated ``site_src/`` and the swap of a new ``site/``.

This is the only layer that writes files. ``site_src/`` is rewritten file by
file, only where content changed, and stale files are removed. A new
``site/`` is built beside the old one and swapped in only when complete.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .config import Paths
from .model import Dataset
from .render import render_pages
from .validate import load_dataset

#: Files in site_src/ that are part of the repository, not generated.
KEEP = frozenset({".gitignore"})


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


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


def generate(paths: Paths) -> tuple[Dataset, WriteReport]:
    """Check the data, render every page, and update ``site_src/``.

    Raises :class:`~builder.errors.DataError` before writing anything if the
    data has problems.
    """
    dataset = load_dataset(paths)
    files: dict[str, bytes] = {path: text.encode("utf-8") for path, text in render_pages(dataset).items()}
    for rel, data in read_content(paths.content).items():
        files.setdefault(rel, data)
    return dataset, write_tree(paths.site_src, files)


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
