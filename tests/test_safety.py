# ruff: noqa: E501  (the table of hostile cases reads best one case per line)
"""Safe publishing under hostile input and faults.

Every bad input or fault ends in exit 1 with a message (never a traceback or
a hang) and leaves the published site byte for byte as it was; two builds at
once and builds killed at any point of the swap never lose the site.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
import textwrap
import types
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urljoin, urlsplit

import mkdocs.utils
import pytest
from click.testing import CliRunner

from builder import hook
from builder.build import BUILDS_DIR, build_lock, publish
from builder.cli import main
from builder.config import Paths

from .helpers import REPO_ROOT, copy_project, edit, line_of, snapshot

pytestmark = pytest.mark.hostile

BUILD = [sys.executable, "-c", "from builder.cli import main; main()", "build", "--root"]
RELEASE = "snapshots/2026-11-24.yaml"
VALUE = "    value: 62\n"


class Case(NamedTuple):
    name: str
    attack: Callable[[Path], list[str]]  # changes the project; returns the exact problem lines


def _value(replacement: str, message: str) -> Callable[[Path], list[str]]:
    """Replace an observation's value; the problem is reported on its line."""

    def attack(root: Path) -> list[str]:
        text = edit(root, RELEASE, VALUE, f"    value: {replacement}\n")
        return [f"data/{RELEASE}:{line_of(text, f'value: {replacement}')}: {message}"]

    return attack


def _replace_file(name: str, make: Callable[[Path], object], message: str) -> Callable[[Path], list[str]]:
    """Put something else where ``data/<name>`` is (or would be)."""

    def attack(root: Path) -> list[str]:
        path = root / "data" / name
        path.unlink(missing_ok=True)
        make(path)
        return [f"data/{name}: {message.format(outside=root.parent / 'outside.yaml')}"]

    return attack


def _outside(path: Path) -> None:
    outside = path.parents[2] / "outside.yaml"  # beside the project, not in it
    shutil.copyfile(REPO_ROOT / "data" / "plan.yaml", outside)
    path.symlink_to(outside)


def _append(name: str, text: str, message: str, lines_in: int = 1) -> Callable[[Path], list[str]]:
    """Add ``text`` at the end of ``data/<name>``; the problem is on its ``lines_in``-th line
    (0: the file has no line)."""

    def attack(root: Path) -> list[str]:
        path = root / "data" / name
        before = path.read_text(encoding="utf-8")
        path.write_text(before + text, encoding="utf-8")
        where = f"data/{name}:{before.count(chr(10)) + lines_in}" if lines_in else f"data/{name}"
        return [f"{where}: {message.format(size=len(before.encode()) + len(text.encode()))}"]

    return attack


def _edit(name: str, old: str, new: str, message: str, at: str) -> Callable[[Path], list[str]]:
    def attack(root: Path) -> list[str]:
        text = edit(root, name, old, new)
        return [f"data/{name}:{line_of(text, at)}: {message}"]

    return attack


def _alias_as_key(root: Path) -> list[str]:
    # An alias is reported where its anchor is (a key that is a mapping is never expanded).
    text = edit(root, RELEASE, VALUE, VALUE + "    ? *yearbook\n    : x\n")
    return [f"data/{RELEASE}:{line_of(text, 'source: &yearbook')}: {KEY} a list or a mapping)"]


def _release_dated(day: str) -> Callable[[Path], list[str]]:
    def attack(root: Path) -> list[str]:
        (root / "data" / "snapshots" / f"{day}.yaml").write_text(
            f"release:\n  date: {day}\n  title: {{zh: 发布, en: Release}}\nobservations: []\n", encoding="utf-8"
        )
        return [f"data/snapshots/{day}.yaml:2: date out of range (expected a date from 1900 to 2099, got {day})"]

    return attack


def _gbk_page(root: Path) -> list[str]:
    (root / "content" / "about.md").write_bytes("# 关于\n\n本站\n".encode("gbk"))
    return ["content/about.md:1: file is not valid UTF-8 (expected UTF-8 text, got byte 0xb9)"]


def _no_releases_folder(root: Path) -> list[str]:
    shutil.rmtree(root / "data" / "snapshots")
    return ["data/snapshots: folder not found (expected a folder, got nothing)"]


def _release_named(name: str) -> Callable[[Path], list[str]]:
    def attack(root: Path) -> list[str]:
        folder = root / "data" / "snapshots"
        (folder / "2026-11-24.yaml").rename(folder / name)
        suffix = name[name.rindex(".") :]
        return [f"data/snapshots/{name}: a data file's name must end in .yaml (lowercase) (expected .yaml, got '{suffix}')"]

    return attack


ID = "an id of lowercase letters, digits and single hyphens, e.g. 'ip-exchange'"
AMBIGUOUS = "ambiguous YAML 1.1 value; quote it"
NUMBER_11 = "a number without leading zeros, colons or underscores, or quoted text"
PERIOD = "not a valid period (expected a year from 1900 to 2099 such as 2023, a quarter such as 2023-Q1 or a month such as 2023-07"
TAGS = "plain text, numbers, lists and mappings"
KEY = "a key must be text; quote it (expected a field name, got"
NEW_RELEASE = "snapshots/2027-01-01.yaml"
BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
BOMB += "".join(f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]\n" for p, n in zip("bcde", "cdef", strict=True))
OUTSIDE = "a link leading outside the project (expected a file inside the project, got {outside})"
OBSERVATION_2 = ("    period: 2022\n", "observations[1].period")
SECOND_AMR = """  - id: "amr "
    kind: municipal-department
    name: {zh: 武汉市市场监督管理局, en: Wuhan Municipal Administration for Market Regulation}
    short: {zh: 市市场监管局, en: WAMR}
"""

AMR_NAME = "    name: {zh: 武汉市市场监督管理局, en: Wuhan Municipal Administration for Market Regulation}\n"
YEARBOOK_URL = "      url: https://english.cnipa.gov.cn/jianbao/year2022/h/h4.html\n"
ONE_PARAGRAPH = "one paragraph (a long text can be folded with '>', without blank lines)"


def _amr_name(zh: str, message: str) -> Callable[[Path], list[str]]:
    """The market regulator's Chinese name replaced by ``zh`` (YAML source text)."""
    return _edit("units.yaml", AMR_NAME, f"    name: {{zh: {zh}, en: WAMR}}\n", f"units[0].name.zh: {message}", f"zh: {zh}")


def _yearbook_url(url: str, message: str) -> Callable[[Path], list[str]]:
    """The yearbook's address replaced; both observations that cite it (through an alias) report it."""

    def attack(root: Path) -> list[str]:
        line = line_of(edit(root, RELEASE, YEARBOOK_URL, f"      url: {url}\n"), f"url: {url}")
        return [f"data/{RELEASE}:{line}: observations[{n}].source.url: {message}" for n in (0, 1)]

    return attack


# fmt: off
CASES = [
    # files that are not regular files inside the project
    Case("fifo-as-release", _replace_file(NEW_RELEASE, os.mkfifo, "not a regular file (expected a file, got a named pipe (FIFO))")),
    Case("link-to-dev-zero", _replace_file(NEW_RELEASE, lambda p: p.symlink_to("/dev/zero"), OUTSIDE.replace("{outside}", "/dev/zero"))),
    Case("folder-as-data-file", _replace_file("indicators.yaml", Path.mkdir, "not a regular file (expected a file, got a folder)")),
    Case("link-leading-outside", _replace_file("plan.yaml", _outside, OUTSIDE)),
    Case("dangling-link", _replace_file("plan.yaml", lambda p: p.symlink_to("nowhere.yaml"), "a link to nothing (expected a file, got nothing)")),
    Case("file-too-large", _append("ui.yaml", "#" * 2**21, "file too large (expected at most 2,097,152 bytes, got {size:,} bytes)", 0)),
    # YAML that explodes or nests
    Case("alias-bomb", _append("ui.yaml", BOMB, "too many values once aliases are expanded (expected at most 200,000, got 1,111,111)", 6)),
    Case("alias-as-key", _alias_as_key),
    Case("alias-cycle", _append("ui.yaml", "loop: &loop [*loop]\n", "a value that contains itself (through an alias) (expected no cycle, got a cycle)")),
    Case("deep-nesting", _append("ui.yaml", "deep: " + "[" * 60 + "]" * 60 + "\n", "nested too deeply (expected at most 40 levels, got more)")),
    # numbers
    Case("nan", _value(".nan", "not a finite number (expected a finite number, got .nan)")),
    Case("infinity", _value("-.inf", "not a finite number (expected a finite number, got -.inf)")),
    Case("overflow", _value("1.0e+309", "not a finite number (expected a finite number, got 1.0e+309)")),
    Case("beyond-magnitude", _value("1.0e+16", "observations[1].value: number out of range (expected a number from -1,000,000,000,000,000 to 1,000,000,000,000,000, got 1e+16)")),
    Case("negative-count", _value("-62", "observations[1].value: out of range for its unit 'items' (expected a value of at least 0, got -62)")),
    Case("bounds-reversed", _edit("indicators.yaml", "    minimum: 1\n", "    minimum: 1\n    maximum: 0\n", "units[3]: minimum 1 is above maximum 0", "- id: rank")),
    # YAML 1.1 forms
    Case("octal", _value("0100", f"{AMBIGUOUS} (expected {NUMBER_11}, got 0100)")),
    Case("sexagesimal", _value("1:30", f"{AMBIGUOUS} (expected {NUMBER_11}, got 1:30)")),
    Case("underscore", _value("6_2", f"{AMBIGUOUS} (expected {NUMBER_11}, got 6_2)")),
    Case("yes-no", _value("yes", f"{AMBIGUOUS} (expected true or false, or quoted text, got yes)")),
    Case("on-off", _value("Off", f"{AMBIGUOUS} (expected true or false, or quoted text, got Off)")),
    # tags and keys
    Case("set-tag", _value("!!set {62}", f"unsupported YAML tag '!!set' (expected {TAGS}, got !!set)")),
    Case("python-tag", _value("!!python/object/apply:os.system [id]", f"unsupported YAML tag '!!python/object/apply:os.system' "
                              f"(expected {TAGS}, got !!python/object/apply:os.system)")),
    Case("local-tag", _value("!evil 62", f"unsupported YAML tag '!evil' (expected {TAGS}, got !evil)")),
    Case("number-as-key", _edit(RELEASE, VALUE, VALUE + "    1: one\n", f"{KEY} '1')", "1: one")),
    Case("list-as-key", _edit(RELEASE, VALUE, VALUE + "    ? [a, b]\n    : x\n", f"{KEY} a list or a mapping)", "? [a, b]")),
    # ids, periods and dates
    Case("id-with-spaces", _append("units.yaml", SECOND_AMR, f"units[47].id: not a valid id (expected {ID}, got 'amr ')")),
    Case("period-0000", _edit(RELEASE, OBSERVATION_2[0], "    period: 0000\n", f"{AMBIGUOUS} (expected {NUMBER_11}, got 0000)", "period: 0000")),
    Case("period-quoted-0000", _edit(RELEASE, OBSERVATION_2[0], '    period: "0000"\n', f"{OBSERVATION_2[1]}: {PERIOD}, got '0000')", 'period: "0000"')),
    Case("period-1899-month", _edit(RELEASE, OBSERVATION_2[0], "    period: 1899-07\n", f"{OBSERVATION_2[1]}: {PERIOD}, got '1899-07')", "period: 1899-07")),
    Case("period-9999-q4", _edit(RELEASE, OBSERVATION_2[0], "    period: 9999-Q4\n", f"{OBSERVATION_2[1]}: {PERIOD}, got '9999-Q4')", "period: 9999-Q4")),
    Case("plan-end-100000000", _edit("plan.yaml", "  end: 2025\n", "  end: 100000000\n",
                                     "period.end: year out of range (expected a year from 1900 to 2099, got 100000000)", "end: 100000000")),
    Case("release-after-2106", _release_dated("2150-01-01")),
    Case("date-0000", _release_dated("0000-01-01")),
    # text that would break a page, a feed or a CSV file
    Case("control-character", _amr_name('"武汉市\\a市场监督管理局"', "a control character (expected printable text, got U+0007 at character 4)")),
    Case("line-separator", _amr_name('"武汉市\\L市场"', "a control character (expected printable text, got U+2028 at character 4)")),
    Case("line-break-in-name", _amr_name('"武汉市\\n市场"', f"a line break in the text (expected {ONE_PARAGRAPH}, got a line break after '武汉市')")),
    Case("text-too-long", _amr_name("局" * 10_001, "text too long (expected at most 10,000 characters, got 10,001)")),
    Case("control-in-url", _yearbook_url('"https://cnipa.gov.cn/\\x00"', "not a web address (expected a URL starting with http:// or https://, got 'https://cnipa.gov.cn/\\x00')")),
    Case("url-too-long", _yearbook_url(f"https://cnipa.gov.cn/{'a' * 1980}", "web address too long (expected at most 2,000 characters, got 2,001)")),
    # files in data/ and content/
    Case("no-releases-folder", _no_releases_folder),
    Case("release-saved-as-yml", _release_named("2026-11-24.yml")),
    Case("release-saved-as-upper-yaml", _release_named("2026-11-24.YAML")),
    Case("gbk-content-page", _gbk_page),
]
# fmt: on


@pytest.fixture(scope="module")
def attacked(built_project: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """A built project to attack, and its site before any attack."""
    root = tmp_path_factory.mktemp("attacked") / "project"
    shutil.copytree(built_project, root, symlinks=True)
    return root, snapshot(root / "site")


@pytest.fixture
def fresh(attacked: tuple[Path, dict[str, bytes]]) -> Path:
    """The attacked project with its data and content as in the repository again."""
    root, _ = attacked
    for name in ("data", "content"):
        shutil.rmtree(root / name)
        shutil.copytree(REPO_ROOT / name, root / name)
    (root.parent / "outside.yaml").unlink(missing_ok=True)
    return root


def _build(root: Path, *args: str):
    return CliRunner().invoke(main, ["build", "--root", str(root), *args])


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_hostile_input_is_a_message_and_the_site_stays_as_it_was(
    case: Case, fresh: Path, attacked: tuple[Path, dict[str, bytes]], mkdocs_logging_restored: None
) -> None:
    expected = case.attack(fresh)
    result = _build(fresh)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    problems = [line for line in result.stderr.splitlines() if ": note: " not in line]
    assert (result.exit_code, problems) == (1, [*expected, f"{len(expected)} problem(s) found; nothing was written."])
    assert snapshot(fresh / "site") == attacked[1]


def test_an_editors_backup_and_lock_files_are_ignored_with_a_note(project: Path) -> None:
    folder = project / "data" / "snapshots"
    shutil.copyfile(folder / "2026-11-24.yaml", folder / "2026-11-24.yaml~")
    (folder / ".#2026-11-24.yaml").symlink_to("editor@host.1234")
    (project / "data" / "notes.txt").write_text("to do\n")
    result = CliRunner().invoke(main, ["check", "--root", str(project)])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "data/notes.txt: note: not a file plansite reads; ignored",
        "data/snapshots/.#2026-11-24.yaml: note: an editor's backup or lock file; ignored",
        "data/snapshots/2026-11-24.yaml~: note: an editor's backup or lock file; ignored",
    ]


# --- faults: disk full, read-only and forbidden folders ----------------------------------


def _fail_on(monkeypatch: pytest.MonkeyPatch, name: str, matches: Callable[[str], bool], code: int) -> None:
    real = getattr(os, name)

    def failing(path, *args, **kwargs):
        if matches(os.fspath(path)):
            raise OSError(code, os.strerror(code), os.fspath(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, name, failing)


FAULTS = [
    # (name, os function, which paths fail, errno, message)
    (
        "disk-full-in-site-src",
        "chmod",
        lambda p: "/site_src/" in p,
        errno.ENOSPC,
        r"cannot write site_src/assets/charts/[0-9a-f]+\.(csv|svg): No space left on device",  # a chart's first file
    ),
    (
        "read-only-project",
        "open",
        lambda p: p.endswith(".plansite.lock"),
        errno.EROFS,
        r"cannot write \.plansite\.lock: Read-only file system",
    ),
    (
        "forbidden-builds-folder",
        "mkdir",
        lambda p: "/.site-builds/.tmp-" in p,
        errno.EACCES,
        r"cannot write \.site-builds/\.tmp-\S+: Permission denied",
    ),
]


@pytest.mark.parametrize("fault", FAULTS, ids=[f[0] for f in FAULTS])
def test_a_write_fault_is_a_message_and_the_site_stays_as_it_was(
    fault: tuple, fresh: Path, attacked: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch, mkdocs_logging_restored: None
) -> None:
    _, function, matches, code, message = fault
    (fresh / "data" / "snapshots" / "2026-11-24.yaml").write_text(
        (REPO_ROOT / "data" / RELEASE).read_text(encoding="utf-8").replace(VALUE, "    value: 63\n"), encoding="utf-8"
    )  # something to write
    _fail_on(monkeypatch, function, matches, code)
    result = _build(fresh)
    monkeypatch.undo()
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1
    assert re.fullmatch(f"Error: {message}; site/ was left as it was.\n", result.stderr), result.stderr
    assert snapshot(fresh / "site") == attacked[1]
    assert [p for p in (fresh / "site_src").rglob(".tmp-*")] == []
    assert [p.name for p in (fresh / BUILDS_DIR).iterdir() if p.name.startswith(".")] == []


def test_an_unreadable_data_file_is_a_message(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fail_on(monkeypatch, "open", lambda p: p.endswith("data/units.yaml"), errno.EACCES)
    result = CliRunner().invoke(main, ["check", "--root", str(project)])
    monkeypatch.undo()
    assert (result.exit_code, result.stderr) == (
        1,
        "data/units.yaml: cannot read the file: Permission denied\n1 problem(s) found; nothing was written.\n",
    )


# --- one build at a time ------------------------------------------------------------------


def test_a_second_build_stops_with_a_message_while_the_first_holds_the_lock(
    fresh: Path, attacked: tuple[Path, dict[str, bytes]], mkdocs_logging_restored: None
) -> None:
    with build_lock(Paths.at(fresh)):
        result = _build(fresh, "--wait", "0.3")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: another build of this project is still running (waited 0.3 s); try again later; site/ was left as it was.\n",
    )
    assert snapshot(fresh / "site") == attacked[1]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "src" or (name == "href" and tag in ("a", "link"))):
                self.targets.append(value)


def broken_local_links(site: Path) -> list[str]:
    """Every local link or image in the site's pages whose file is missing."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        base = "/" + page.relative_to(site).as_posix()
        for target in parser.targets:
            parts = urlsplit(urljoin(base, target))
            if parts.scheme or parts.netloc or target.startswith("#"):
                continue
            path = unquote(parts.path).lstrip("/")
            file = site / path / "index.html" if path == "" or path.endswith("/") else site / path
            if not file.exists():
                broken.append(f"{base} -> {target}")
    return broken


def test_two_builds_at_once_both_succeed_and_leave_a_complete_site(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    runs = [
        subprocess.Popen([*BUILD, str(root), "--wait", "900"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)
    ]
    results = [(run.wait(timeout=600), run.stderr.read()) for run in runs]
    assert [code for code, _ in results] == [0, 0], results
    assert len(list((root / "site").rglob("*.html"))) > 100
    assert broken_local_links(root / "site") == []
    assert sorted(p.name for p in (root / BUILDS_DIR).iterdir() if p.name.startswith(".")) == []
    assert len(list((root / BUILDS_DIR).iterdir())) == 2  # the site and the one before it


# --- a kill at any point of the swap -------------------------------------------------------

KILLER = textwrap.dedent(
    """
    import os, shutil, sys
    from pathlib import Path
    from builder.build import publish
    from builder.config import Paths

    steps = [0]
    def killing(real):
        def step(*args, **kwargs):
            steps[0] += 1
            if steps[0] == int(sys.argv[2]):
                os._exit(9)
            return real(*args, **kwargs)
        return step
    os.replace, os.symlink, shutil.rmtree = killing(os.replace), killing(os.symlink), killing(shutil.rmtree)

    def site(into):
        (into / "index.html").write_text("new")
        (into / "page.html").write_text("new")
    publish(Paths.at(sys.argv[1]), site)
    """
)


def _publish_killed_at(root: Path, step: int) -> int:
    return subprocess.run([sys.executable, "-c", KILLER, str(root), str(step)], cwd=REPO_ROOT, check=False, timeout=60).returncode


def _old_site(into: Path) -> None:
    (into / "index.html").write_text("old")
    (into / "page.html").write_text("old")


def _failing(into: Path) -> None:
    (into / "index.html").write_text("half")
    raise RuntimeError("the build failed")


@pytest.mark.parametrize("layout", ["link", "real-folder"])
def test_a_kill_at_any_step_of_the_swap_then_a_failing_build_keeps_a_complete_site(tmp_path: Path, layout: str) -> None:
    step, outcomes = 0, []
    while True:
        step += 1
        root = tmp_path / f"{layout}-{step}"
        root.mkdir()
        paths = Paths.at(root)
        if layout == "link":
            publish(paths, _old_site)
        else:  # a site published before sites were links
            paths.site.mkdir()
            _old_site(paths.site)
        code = _publish_killed_at(root, step)
        with pytest.raises(RuntimeError, match="the build failed"):
            publish(paths, _failing)
        site = snapshot(paths.site)
        assert site in ({"index.html": b"old", "page.html": b"old"}, {"index.html": b"new", "page.html": b"new"}), (step, site)
        assert [p.name for p in (root / BUILDS_DIR).iterdir() if p.name.startswith(".")] == []
        outcomes.append(site["index.html"])
        if code == 0:  # the swap ran to its end: every step has been killed once
            break
    assert step >= 4 and outcomes[0] == b"old" and outcomes[-1] == b"new"


# --- serve keeps the last good site ----------------------------------------------------------


@pytest.fixture
def serving() -> Iterator[None]:
    hook.on_startup(command="serve", dirty=False)
    yield
    hook.on_startup(command="build", dirty=False)
    hook._problems.clear()


def test_serve_keeps_the_last_good_site_after_a_broken_edit_and_recovers(project: Path, serving: None) -> None:
    config = types.SimpleNamespace(
        config_file_path=str(project / "mkdocs.yml"), extra_javascript=[], mdx_configs={}, theme={}, plugins={}, extra={}
    )
    hook.on_config(config)
    good = snapshot(project / "site_src")
    text = edit(project, RELEASE, VALUE, "    value: .nan\n")
    hook.on_config(config)  # no Abort: the server keeps answering
    assert snapshot(project / "site_src") == good
    problem = f"data/{RELEASE}:{line_of(text, 'value: .nan')}: not a finite number (expected a finite number, got .nan)"
    page = hook.on_post_page('<html><body class="x"><p>page</p></body></html>', None, config)
    assert page == (
        '<html><body class="x"><div role="alert" class="plansite-problems" style="background:#fff3cd;color:#000;padding:1em;'
        'font-family:monospace"><p>The data has 1 problem(s); this is the last good version of the site.</p>'
        f"<ul><li>{problem}</li></ul></div><p>page</p></body></html>"
    )
    edit(project, RELEASE, "    value: .nan\n", "    value: 63\n")
    hook.on_config(config)
    assert hook.on_post_page("<body><p>page</p></body>", None, config) == "<body><p>page</p></body>"
    assert b"63" in snapshot(project / "site_src")["indicators/madrid-applications.md"]


def test_a_full_disk_while_mkdocs_writes_the_new_site_is_a_message_and_the_site_stays(
    fresh: Path, attacked: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch, mkdocs_logging_restored: None
) -> None:
    def full(content: bytes, output_path: str) -> None:
        Path(output_path).parent.mkdir(parents=True, exist_ok=True)
        Path(output_path).write_bytes(content[:10])  # a partial file, then the disk is full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), output_path)

    monkeypatch.setattr(mkdocs.utils, "write_file", full)
    result = _build(fresh)
    monkeypatch.undo()
    assert result.exit_code == 1
    last = result.stderr.splitlines()[-1]
    assert re.fullmatch(r"Error: cannot write \.site-builds/\.tmp-[0-9-]+/\S+: No space left on device; site/ was left as it was\.", last)
    assert snapshot(fresh / "site") == attacked[1]
    assert [p.name for p in (fresh / BUILDS_DIR).iterdir() if p.name.startswith(".")] == []
