"""Reading YAML while keeping the file, line and column of every node.

Mappings load as :class:`PosDict` and sequences as :class:`PosList`; both
remember where they start and where each of their keys or items is, so a
problem found later can be reported at its exact position.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, Problem


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


def _make_loader(file: str, problems: list[Problem]) -> type:
    # libyaml parses (fast); the constructors below stay in Python to keep positions.
    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        def construct_mapping(self, node, deep=False):
            if not isinstance(node, yaml.MappingNode):
                return super().construct_mapping(node, deep=deep)
            self.flatten_mapping(node)
            result = PosDict()
            result.pos = _pos(file, node)
            result.key_pos = {}
            for key_node, value_node in node.value:
                key = self.construct_object(key_node, deep=True)
                if not isinstance(key, str):
                    key = str(key)
                if key in result:
                    p = _pos(file, key_node)
                    first = result.key_pos[key]
                    problems.append(Problem(file, p.line, p.column, key, f"duplicate key (first given on line {first.line})"))
                    continue
                result[key] = self.construct_object(value_node, deep=True)
                result.key_pos[key] = _pos(file, key_node)
            return result

        def construct_sequence(self, node, deep=False):
            result = PosList(self.construct_object(child, deep=True) for child in node.value)
            result.pos = _pos(file, node)
            result.item_pos = [_pos(file, child) for child in node.value]
            return result

    Loader.add_constructor("tag:yaml.org,2002:map", Loader.construct_mapping)
    Loader.add_constructor("tag:yaml.org,2002:seq", Loader.construct_sequence)
    # Dates and times stay text: the validator parses them and reports bad ones.
    Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_str)
    return Loader


def load_yaml(path: Path, display_name: str) -> tuple[Any, list[Problem]]:
    """Load one YAML file; return its data and the problems found reading it.

    A file that cannot be parsed returns ``None`` and a problem with the
    parser's position, so that other files can still be checked in the run.
    """
    problems: list[Problem] = []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None, [Problem(display_name, 0, 0, "", "file not found")]
    except UnicodeDecodeError as exc:
        before = exc.object[: exc.start]
        line, column = before.count(b"\n") + 1, exc.start - before.rfind(b"\n")
        got = f"byte 0x{exc.object[exc.start]:02x}"
        return None, [Problem(display_name, line, column, "", "file is not valid UTF-8", "UTF-8 text", got)]
    try:
        data = yaml.load(text, Loader=_make_loader(display_name, problems))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{exc.context}, {what}"
        return None, [Problem(display_name, line, column, "", f"YAML syntax error: {what}")]
    except yaml.YAMLError as exc:
        return None, [Problem(display_name, 0, 0, "", f"YAML error: {exc}")]
    return data, problems


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
