"""Rendering the dataset into Markdown pages: pure, model in, {path: text} out.

Every value interpolated into a template is escaped for Markdown by default
(see :func:`md_escape`), so text from the data is always shown, never run.
Templates mark their own markup as safe with :class:`markupsafe.Markup`.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from .config import LANGUAGES
from .i18n import format_target
from .model import Dataset, Indicator, Text

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|~])")
_LIST_NUMBER = re.compile(r"^([ \t]*\d+)([.)])", re.MULTILINE)
_BLOCK_MARKER = re.compile(r"^([ \t]*)([-+=#>])", re.MULTILINE)


def md_escape(value: Any) -> str:
    """Escape text so Markdown and HTML show it literally, within a line.

    Lines after the first (from newlines in the value) are also kept from
    starting a list, heading or quote.
    """
    text = _MD_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False))
    first, sep, rest = text.partition("\n")
    return first + sep + _neutralize_line_starts(rest)


def md_block(value: Any) -> str:
    """Like :func:`md_escape`, for a value that starts a block (a paragraph)."""
    return _neutralize_line_starts(md_escape(value))


def _neutralize_line_starts(text: str) -> str:
    # A numeric character reference shows the character but is never read as
    # Markdown syntax: '1.' becomes '1&#46;', '-' becomes '&#45;'.
    text = _LIST_NUMBER.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", text)
    return _BLOCK_MARKER.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", text)


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return md_escape(value)


def localized(path: str, lang: str) -> str:
    """'units/amr.md' -> 'units/amr.en.md' for English (suffix structure)."""
    return path if lang == LANGUAGES[0] else path[: -len(".md")] + f".{lang}.md"


@dataclass(frozen=True)
class PageSpec:
    """One page to render in every language."""

    path: str  # suffix-less source path, e.g. 'tasks/1-1.md'
    template: str
    context: dict


def page_specs(ds: Dataset) -> Iterator[PageSpec]:
    yield PageSpec("index.md", "home.md.j2", {})
    yield PageSpec("goals.md", "goals.md.j2", {})
    yield PageSpec("safeguards.md", "safeguards.md.j2", {})
    yield PageSpec("projects/index.md", "projects.md.j2", {})
    for project in ds.projects.projects:
        yield PageSpec(f"projects/{project.id}.md", "project.md.j2", {"project": project})
    yield PageSpec("tasks/index.md", "tasks.md.j2", {})
    for task in ds.tasks:
        yield PageSpec(f"tasks/{task.id}.md", "task.md.j2", {"task": task, "project": ds.project_of_task[task.id]})
    yield PageSpec("units/index.md", "units.md.j2", {})
    for unit in ds.units.units:
        yield PageSpec(f"units/{unit.id}.md", "unit.md.j2", {"unit": unit})


def make_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("builder", "templates"),
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown, not HTML: escaping is done by _finalize
    )
    env.filters["html"] = lambda v: Markup(html.escape(str(v), quote=True))
    env.filters["block"] = lambda v: Markup(md_block(v))
    env.filters["cell"] = lambda v: Markup(md_escape(v).replace("\n", "<br>"))
    return env


class PageContext:
    """Helpers a template uses to speak one language from one page."""

    def __init__(self, ds: Dataset, lang: str, path: str):
        self.ds, self.lang, self.path = ds, lang, path

    def t(self, key: str) -> str:
        """A label of the site itself in this page's language."""
        return self.ds.label(key, self.lang)

    def tx(self, text: Text | None) -> str:
        return text(self.lang) if text is not None else ""

    def url(self, target: str) -> str:
        """A relative link from this page to another page's source path."""
        here = posixpath.dirname(self.path)
        return posixpath.relpath(localized(target, self.lang), here or ".")

    def link(self, label: Any, target: str) -> Markup:
        shown = label if isinstance(label, Markup) else md_escape(label)
        return Markup(f"[{shown}]({self.url(target)})")

    def unit_link(self, unit_id: str, plan_wording: bool = True) -> Markup:
        """A unit linked to its page; zh shows the plan's own wording."""
        unit = self.ds.unit_by_id[unit_id]
        label = unit.short.zh if self.lang == "zh" and plan_wording else unit.name(self.lang)
        return self.link(label, f"units/{unit.id}.md")

    def unit_links(self, unit_ids: list[str]) -> Markup:
        return self.join([self.unit_link(u) for u in unit_ids])

    def task_link(self, task_id: str) -> Markup:
        task = self.ds.task_by_id[task_id]
        return self.link(f"{self.task_number(task_id)} {task.title(self.lang)}", f"tasks/{task.id}.md")

    def task_number(self, task_id: str) -> str:
        """'2.3': project number and task number, as the plan counts them."""
        project = self.ds.project_of_task[task_id]
        return f"{project.number}.{self.ds.task_by_id[task_id].number}"

    def target(self, indicator: Indicator) -> str:
        return format_target(indicator, self.lang)

    def ext_link(self, url: str, label: str | None = None) -> Markup:
        """A link to another site; the URL was checked to be http(s) without spaces."""
        safe_url = url.replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")
        return Markup(f"[{md_escape(label or url)}]({safe_url})")

    def unit_summary(self, unit_id: str) -> str:
        """'Leads 9 tasks in 5 projects and supports 4.' in this page's language."""
        led = self.ds.tasks_led_by(unit_id)
        projects = {self.ds.project_of_task[t.id].id for t in led}
        supported = self.ds.tasks_supported_by(unit_id)
        return self.t("unit-summary").format(led=len(led), projects=len(projects), supported=len(supported))

    def join(self, items: list) -> Markup:
        separator = "、" if self.lang == "zh" else ", "
        return Markup(separator.join(str(i) for i in items)) if items else Markup(md_escape(self.t("none")))


def render_pages(ds: Dataset) -> dict[str, str]:
    """All generated pages, in both languages: {source path: Markdown}."""
    env = make_environment()
    pages: dict[str, str] = {}
    for spec in page_specs(ds):
        template = env.get_template(spec.template)
        for lang in LANGUAGES:
            ctx = PageContext(ds, lang, spec.path)
            pages[localized(spec.path, lang)] = template.render(ds=ds, lang=lang, c=ctx, t=ctx.t, tx=ctx.tx, **spec.context)
    return pages
