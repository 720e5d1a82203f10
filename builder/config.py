"""Where the project's inputs and outputs live, relative to its root."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: The data files, in the order they are checked; site.yaml (which declares
#: the languages every text is checked against) comes first.
DATA_FILES = ("site.yaml", "plan.yaml", "projects.yaml", "units.yaml", "indicators.yaml", "ui.yaml")

#: Seconds a build waits for another build of the same project to finish.
LOCK_WAIT = 120.0


@dataclass(frozen=True)
class Paths:
    """The folders of one project; every path derives from ``root``."""

    root: Path

    @classmethod
    def at(cls, root: str | Path) -> Paths:
        return cls(Path(root).resolve())

    @property
    def data(self) -> Path:
        """Plan data edited by editors (YAML)."""
        return self.root / "data"

    @property
    def theme(self) -> Path:
        """MkDocs' theme overrides (custom_dir): templates, scripts, the stylesheet."""
        return self.root / "theme"

    @property
    def cache(self) -> Path:
        """What builds keep to go faster next time; safe to delete."""
        return self.root / ".cache"

    @property
    def content(self) -> Path:
        """Hand-written pages, ``name.md`` (default language) and ``name.<lang>.md``."""
        return self.root / "content"

    @property
    def site_src(self) -> Path:
        """MkDocs' docs_dir: generated pages plus a copy of content/."""
        return self.root / "site_src"

    @property
    def site(self) -> Path:
        """The published static site, built by MkDocs."""
        return self.root / "site"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    def display(self, path: Path) -> str:
        """A path as shown in messages: relative to the root where possible."""
        # Links are not followed: a link is shown where it is, not where it leads.
        absolute = Path(os.path.abspath(path))
        try:
            return absolute.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()
