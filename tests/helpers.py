"""Helpers shared by the tests: copying the project, snapshots, editing data files."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO_ROOT = Path(__file__).parents[1]

#: What a project copy needs for `plansite check` and `plansite build`.
PROJECT_DIRS = ("data", "content", "theme")
PROJECT_FILES = ("mkdocs.yml",)
SITE_SRC_GITIGNORE = "*\n!.gitignore\n"


def copy_project(dest: Path) -> Path:
    """Copy the project's inputs to ``dest``, ready for the CLI; return ``dest``.

    mkdocs.yml loads its hook as ``builder/hook.py`` relative to itself, so the
    copy gets a ``builder`` symlink to the real package.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_DIRS:
        shutil.copytree(REPO_ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in PROJECT_FILES:
        shutil.copy2(REPO_ROOT / name, dest / name)
    site_src = dest / "site_src"
    site_src.mkdir()
    gitignore = REPO_ROOT / "site_src" / ".gitignore"
    (site_src / ".gitignore").write_text(gitignore.read_text() if gitignore.is_file() else SITE_SRC_GITIGNORE)
    (dest / "builder").symlink_to(REPO_ROOT / "builder", target_is_directory=True)
    return dest


FIXTURES = Path(__file__).parent / "fixtures"


def copy_fixture_plan(name: str, dest: Path) -> Path:
    """A project whose data/ and content/ are the fixture plan ``name`` (tests/fixtures/),
    with the site's own labels (data/ui.yaml), theme and mkdocs.yml: a plan published
    by replacing data/ and content/ and changing nothing else."""
    copy_project(dest)
    for folder in ("data", "content"):
        shutil.rmtree(dest / folder)
        shutil.copytree(FIXTURES / name / folder, dest / folder)
    shutil.copy2(REPO_ROOT / "data" / "ui.yaml", dest / "data" / "ui.yaml")
    return dest


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too), by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def edit(root: Path, name: str, old: str, new: str) -> str:
    """Replace the one occurrence of ``old`` in ``data/<name>`` with ``new``; return the new text."""
    path = root / "data" / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"expected {old!r} exactly once in data/{name}, found it {text.count(old)} times"
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, needle: str) -> int:
    """The 1-based line on which the first occurrence of ``needle`` in ``text`` starts."""
    index = text.find(needle)
    assert index >= 0, f"{needle!r} not found"
    return text.count("\n", 0, index) + 1


def site_languages(root: Path = REPO_ROOT) -> tuple[str, ...]:
    """The language codes declared in a project's data/site.yaml, the default first."""
    import yaml

    declared = yaml.safe_load((root / "data" / "site.yaml").read_text(encoding="utf-8"))
    return tuple(lang["code"] for lang in declared["languages"])


def site_locales(root: Path = REPO_ROOT) -> dict[str, str]:
    """Each language code of a project's data/site.yaml -> its locale (the pages' <html lang>)."""
    import yaml

    declared = yaml.safe_load((root / "data" / "site.yaml").read_text(encoding="utf-8"))
    return {lang["code"]: lang["locale"] for lang in declared["languages"]}


#: The languages of the site the browser tests build (the repository's own).
LANGUAGES = site_languages()
DEFAULT_LANGUAGE = LANGUAGES[0]
LOCALES = site_locales()
