"""Reading YAML while keeping the file, line and column of every node.

Mappings load as :class:`PosDict` and sequences as :class:`PosList`; both
remember where they start and where each of their keys or items is, so a
problem found later can be reported at its exact position.

Input is hostile until read: only regular files inside the project are
opened (checked before opening, so a named pipe cannot hang a build), sizes,
nesting and alias expansion are bounded, and the YAML 1.1 forms that read
differently in YAML 1.2 (``0100``, ``1:30``, ``yes``/``off``), numbers that
are not finite, non-standard tags and keys that are not text are reported.
"""

from __future__ import annotations

import logging
import math
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, Problem

log = logging.getLogger("plansite")


@dataclass(frozen=True)
class Pos:
    file: str
    line: int
    column: int


class PosDict(dict):
    """A dict that knows its own position and the position of each key."""

    pos: Pos
    key_pos: dict[str, Pos]


class PosList(list):
    """A list that knows its own position and the position of each item."""

    pos: Pos
    item_pos: list[Pos]


def _pos(file: str, node: yaml.Node) -> Pos:
    return Pos(file, node.start_mark.line + 1, node.start_mark.column + 1)


#: Limits on what one data file may hold.
MAX_FILE_BYTES = 2 * 2**20
MAX_DEPTH = 40
MAX_VALUES = 200_000  # values once aliases (*name) are expanded
#: Years a date or period in the data may have.
FIRST_YEAR, LAST_YEAR = 1900, 2099

_STANDARD = "tag:yaml.org,2002:"
ALLOWED_TAGS = frozenset(_STANDARD + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge"))
#: Plain values that YAML 1.1 (PyYAML) reads differently from YAML 1.2.
_YAML11_INT = re.compile(r"[-+]?(0[0-7_]+|0b[01_]+|[0-9][0-9_]*(:[0-5]?[0-9])+|[0-9_]*_[0-9_]*)")
_YAML11_FLOAT = re.compile(r"[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*|.*_.*")
_YAML11_BOOL = frozenset({"yes", "no", "on", "off"})
_DATE_LIKE = re.compile(r"(\d{4})-\d{1,2}-\d{1,2}")
AMBIGUOUS = "ambiguous YAML 1.1 value; quote it"

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a file")


def read_regular_file(
    path: Path, display: str, root: Path | None = None, limit: int = MAX_FILE_BYTES
) -> tuple[bytes | None, list[Problem]]:
    """The bytes of ``path`` if it is a regular file (inside ``root``, if
    given) of at most ``limit`` bytes; else None and the problem.

    The file's kind is checked before it is opened (and again on the open
    file), so a named pipe or a device is never read.
    """

    def problem(message: str, expected: str = "", got: str = "") -> tuple[None, list[Problem]]:
        return None, [Problem(display, 0, 0, "", message, expected, got)]

    try:
        if root is not None and not path.resolve().is_relative_to(root.resolve()):
            return problem("a link leading outside the project", "a file inside the project", str(path.resolve()))
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return problem("not a regular file", "a file", _kind(info.st_mode))
        if info.st_size > limit:
            return problem("file too large", f"at most {limit:,} bytes", f"{info.st_size:,} bytes")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # replaced since the check
                return problem("not a regular file", "a file", "something else")
            data = handle.read(limit + 1)
    except FileNotFoundError:
        return problem("a link to nothing", "a file", "nothing") if path.is_symlink() else problem("file not found")
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop on Python < 3.13
        return problem(f"cannot read the file: {getattr(exc, 'strerror', None) or exc}")
    if len(data) > limit:
        return problem("file too large", f"at most {limit:,} bytes", "more")
    return data, []


def decode_utf8(data: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """``data`` as text (a leading BOM dropped), or None and where it is not UTF-8."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line, column = before.count(b"\n") + 1, exc.start - before.rfind(b"\n")
        got = f"byte 0x{data[exc.start]:02x}"
        return None, [Problem(display, line, column, "", "file is not valid UTF-8", "UTF-8 text", got)]


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_STANDARD) if tag.startswith(_STANDARD) else tag


class _Shape:
    """Depth and size of a node graph once aliases are expanded, measured
    without expanding them (each node once)."""

    def __init__(self, file: str):
        self.file, self.problems = file, []
        self.height: dict[int, int] = {}
        self.size: dict[int, int] = {}
        self.open: set[int] = set()

    def check(self, root: yaml.Node) -> list[Problem]:
        try:
            self._visit(root, 1)
        except _TooDeep as exc:
            p = _pos(self.file, exc.args[0])
            return [Problem(self.file, p.line, p.column, "", "nested too deeply", f"at most {MAX_DEPTH} levels", "more")]
        except _Cycle as exc:
            p = _pos(self.file, exc.args[0])
            return [Problem(self.file, p.line, p.column, "", "a value that contains itself (through an alias)", "no cycle", "a cycle")]
        total = self.size[id(root)]
        if total > MAX_VALUES:
            node = root  # reported at the innermost value that is too large
            while (inner := next((c for c in _children(node) if self.size[id(c)] > MAX_VALUES), None)) is not None:
                node = inner
            total, p = self.size[id(node)], _pos(self.file, node)
            return [
                Problem(
                    self.file, p.line, p.column, "", "too many values once aliases are expanded", f"at most {MAX_VALUES:,}", f"{total:,}"
                )
            ]
        return []

    def _visit(self, node: yaml.Node, depth: int) -> None:
        key = id(node)
        if key in self.height:
            if depth + self.height[key] - 1 > MAX_DEPTH:
                raise _TooDeep(node)
            return
        if depth > MAX_DEPTH:
            raise _TooDeep(node)
        if key in self.open:
            raise _Cycle(node)
        self.open.add(key)
        children = _children(node)
        for child in children:
            self._visit(child, depth + 1)
        self.open.discard(key)
        self.height[key] = 1 + max((self.height[id(c)] for c in children), default=0)
        self.size[key] = 1 + sum(self.size[id(c)] for c in children)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    return node.value if isinstance(node, yaml.SequenceNode) else []


class _TooDeep(Exception):
    pass


class _Cycle(Exception):
    pass


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml parses (fast); the constructors stay in Python to keep positions.

    Each instance reads one file and adds what it finds to ``problems``."""

    def __init__(self, text: str, file: str, problems: list[Problem]):
        super().__init__(text)
        self.file, self.problems = file, problems

    def report(self, node: yaml.Node, message: str, expected: str, got: str) -> None:
        p = _pos(self.file, node)
        self.problems.append(Problem(self.file, p.line, p.column, "", message, expected, got))

    def construct_object(self, node, deep=False):
        if node.tag not in ALLOWED_TAGS:
            self.report(
                node, f"unsupported YAML tag '{_short_tag(node.tag)}'", "plain text, numbers, lists and mappings", _short_tag(node.tag)
            )
            return None
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep=deep)
        self.flatten_mapping(node)
        result = PosDict()
        result.pos = _pos(self.file, node)
        result.key_pos = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True) if isinstance(key_node, yaml.ScalarNode) else key_node
            if not isinstance(key, str):
                got = "a list or a mapping" if isinstance(key, yaml.Node) else repr(key_node.value)
                self.report(key_node, "a key must be text; quote it", "a field name", got)
                continue
            if key in result:
                p = _pos(self.file, key_node)
                first = result.key_pos[key]
                self.problems.append(Problem(self.file, p.line, p.column, key, f"duplicate key (first given on line {first.line})"))
                continue
            result[key] = self.construct_object(value_node, deep=True)
            result.key_pos[key] = _pos(self.file, key_node)
        return result

    def construct_sequence(self, node, deep=False):
        result = PosList(self.construct_object(child, deep=True) for child in node.value)
        result.pos = _pos(self.file, node)
        result.item_pos = [_pos(self.file, child) for child in node.value]
        return result

    def construct_text(self, node):
        # Dates and times stay text (the validator parses them); a year out of range is reported here.
        value = self.construct_scalar(node)
        dated = _DATE_LIKE.match(value)
        if dated and not FIRST_YEAR <= int(dated.group(1)) <= LAST_YEAR:
            self.report(node, "date out of range", f"a date from {FIRST_YEAR} to {LAST_YEAR}", value)
        return value

    def construct_int(self, node):
        if _YAML11_INT.fullmatch(node.value):
            self.report(node, AMBIGUOUS, "a number without leading zeros, colons or underscores, or quoted text", node.value)
            return node.value
        return super().construct_yaml_int(node)

    def construct_float(self, node):
        if _YAML11_FLOAT.fullmatch(node.value):
            self.report(node, AMBIGUOUS, "a number without colons or underscores, or quoted text", node.value)
            return node.value
        value = super().construct_yaml_float(node)
        if not math.isfinite(value):
            self.report(node, "not a finite number", "a finite number", node.value)
            return node.value
        return value

    def construct_bool(self, node):
        if node.value.lower() in _YAML11_BOOL:
            self.report(node, AMBIGUOUS, "true or false, or quoted text", node.value)
            return node.value
        return super().construct_yaml_bool(node)


_Loader.add_constructor(_STANDARD + "map", _Loader.construct_mapping)
_Loader.add_constructor(_STANDARD + "seq", _Loader.construct_sequence)
_Loader.add_constructor(_STANDARD + "str", _Loader.construct_text)
_Loader.add_constructor(_STANDARD + "timestamp", _Loader.construct_text)
_Loader.add_constructor(_STANDARD + "int", _Loader.construct_int)
_Loader.add_constructor(_STANDARD + "float", _Loader.construct_float)
_Loader.add_constructor(_STANDARD + "bool", _Loader.construct_bool)


def load_yaml(path: Path, display_name: str, root: Path | None = None) -> tuple[Any, list[Problem]]:
    """Load one YAML file; return its data and the problems found reading it.

    A file that cannot be read or parsed, or that is too large, too deep or
    expands too much, returns ``None`` and its problem, so that other files
    can still be checked in the run. ``root``: the project folder the file
    must be inside.
    """
    data, problems = read_regular_file(path, display_name, root)
    if data is None:
        return None, problems
    text, problems = decode_utf8(data, display_name)
    if text is None:
        return None, problems
    loader = _Loader(text, display_name, problems)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, problems
        shape = _Shape(display_name).check(node)
        if shape:
            return None, problems + shape
        return loader.construct_document(node), problems
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{exc.context}, {what}"
        return None, [Problem(display_name, line, column, "", f"YAML syntax error: {what}")]
    except yaml.YAMLError as exc:
        return None, [Problem(display_name, 0, 0, "", f"YAML error: {exc}")]
    finally:
        loader.dispose()


#: Files a data folder may hold that are not data; passed over without a word.
QUIET_FILES = frozenset({"README.md", ".gitkeep"})


def _is_leftover(name: str) -> bool:
    """An editor's backup, swap or lock file."""
    return name.startswith((".#", "#")) or name.endswith(("~", ".swp", ".swo", ".bak", ".orig", ".tmp"))


def list_data_folder(folder: Path, display: str, reads: Callable[[str], bool]) -> tuple[list[str], list[Problem]]:
    """The names in ``folder`` that ``reads`` accepts (sorted), and the problems.

    A YAML file under another extension (``.yml``, ``.YAML``) is a problem:
    the editor meant it to be read. Editor backups and locks, hidden files
    and other files are ignored with a note (logged), never silently.
    """
    try:
        entries = sorted(os.listdir(folder))
    except FileNotFoundError:
        return [], [Problem(display, 0, 0, "", "folder not found", "a folder", "nothing")]
    except OSError as exc:
        return [], [Problem(display, 0, 0, "", f"cannot read the folder: {exc.strerror}")]
    names, problems = [], []
    for name in entries:
        where, suffix = f"{display}/{name}", Path(name).suffix
        if name in QUIET_FILES:
            continue
        if _is_leftover(name):
            log.warning("%s: note: an editor's backup or lock file; ignored", where)
        elif name.startswith("."):
            log.warning("%s: note: a hidden file; ignored", where)
        elif reads(name):
            names.append(name)
        elif suffix.lower() in (".yaml", ".yml") and suffix != ".yaml":
            problems.append(Problem(where, 0, 0, "", "a data file's name must end in .yaml (lowercase)", ".yaml", repr(suffix)))
        else:
            log.warning("%s: note: not a file plansite reads; ignored", where)
    return names, problems


def position_of(root: Any, loc: tuple) -> tuple[int, int]:
    """The line and column of the deepest node along ``loc`` that exists.

    ``loc`` is a path of keys and indexes from ``root`` (as in a pydantic
    error). A missing key is reported at the mapping that should hold it.
    """
    node, best = root, getattr(root, "pos", None)
    for part in loc:
        if isinstance(node, PosDict) and isinstance(part, str) and part in node:
            best = node.key_pos.get(part, best)
            node = node[part]
        elif isinstance(node, PosList) and isinstance(part, int) and 0 <= part < len(node):
            best = node.item_pos[part]
            node = node[part]
        else:
            break
        if isinstance(node, (PosDict, PosList)) and isinstance(part, int):
            best = node.pos
    return (best.line, best.column) if best else (0, 0)


def raise_if(problems: list[Problem]) -> None:
    if problems:
        raise DataError(problems)
