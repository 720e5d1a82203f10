"""Every field of the data model is documented in docs/data-reference.md."""

from __future__ import annotations

import re

from pydantic import BaseModel

from builder.model import ReleaseFile, Text
from builder.validate import FILE_MODELS

from .helpers import REPO_ROOT


def _models(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) or () for m in _models(arg)]


def field_paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    """Every field of a data file, as dotted paths ('projects.tasks.lead')."""
    paths = []
    for name, info in model.model_fields.items():
        paths.append(prefix + name)
        for inner in _models(info.annotation):
            if inner is not Text and inner is not model:
                paths += field_paths(inner, f"{prefix}{name}.")
    return paths


def documented(section: str) -> set[str]:
    text = (REPO_ROOT / "docs" / "data-reference.md").read_text(encoding="utf-8")
    body = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"`([a-z_.]+)`", body))


def test_every_field_of_every_data_file_is_documented() -> None:
    files = {**FILE_MODELS, "snapshots/*.yaml": ReleaseFile}
    undocumented = {name: [p for p in field_paths(model) if p not in documented(name)] for name, model in files.items()}
    assert {name: paths for name, paths in undocumented.items() if paths} == {}
