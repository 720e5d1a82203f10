"""Synthetic plans for measuring scale: N indicators, 10 observations each,
N/2 tasks, in both languages. Deterministic: the same N gives the same files.

The real plan is kept whole (its projects, tasks, indicators, units, services
and labels, so every reference still resolves); synthetic projects, tasks and
indicators, clearly named as such, are added up to the requested size, and
the releases are replaced by ten synthetic ones (the real releases' progress
notes are dropped with them).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

PROJECTS = 10
YEARS = range(2016, 2026)  # ten annual observations per indicator


def _text(zh: str, en: str) -> dict:
    return {"zh": zh, "en": en}


def projects_doc(n_tasks: int, unit_ids: list[str], first_number: int = 1) -> list[dict]:
    """``n_tasks`` synthetic tasks in ten synthetic projects."""
    projects = []
    for p in range(PROJECTS):
        tasks = []
        for k, t in enumerate(range(p, n_tasks, PROJECTS)):
            lead = unit_ids[t % len(unit_ids)]
            others = [u for u in (unit_ids[(t * 7 + 3) % len(unit_ids)], unit_ids[(t * 11 + 5) % len(unit_ids)]) if u != lead]
            tasks.append(
                {
                    "id": f"t{t + 1:05d}",
                    "number": k + 1,
                    "title": _text(f"合成任务{t + 1}", f"Synthetic task {t + 1}"),
                    "description": _text(f"用于性能测试的合成任务{t + 1}。", f"Synthetic task {t + 1}, for performance tests."),
                    "lead": [lead],
                    "responsible": sorted(set(others)),
                }
            )
        if tasks:
            title = _text(f"合成工程{p + 1}", f"Synthetic project {p + 1}")
            projects.append({"id": f"p{p + 1:02d}", "number": first_number + p, "title": title, "tasks": tasks})
    return projects


def indicators_doc(n: int, n_tasks: int, first_number: int = 1) -> list[dict]:
    """``n`` synthetic indicators, each serving one synthetic task."""
    return [
        {
            "id": f"i{i + 1:05d}",
            "number": first_number + i,
            "name": _text(f"合成指标{i + 1}", f"Synthetic indicator {i + 1}"),
            "unit": "items",
            "target": {"kind": "reach", "value": 100 + i % 50},
            "target_text": _text(f"合成指标{i + 1}达到{100 + i % 50}件", f"Synthetic indicator {i + 1} reaches {100 + i % 50}"),
            "definition": _text("合成数据。", "Synthetic data."),
            "related_tasks": [f"t{i % n_tasks + 1:05d}"] if n_tasks else [],
        }
        for i in range(n)
    ]


def release_doc(year: int, n: int) -> dict:
    source = {
        "publisher": _text("合成数据", "Synthetic data"),
        "title": _text("性能测试数据", "Performance test data"),
        "url": "https://example.org/synthetic",
    }
    return {
        "release": {"date": f"{year + 1}-03-01", "title": _text(f"{year}年合成数据", f"Synthetic data for {year}")},
        "observations": [
            {
                "indicator": f"i{i + 1:05d}",
                "period": year,
                "value": round(50 + (year - 2016) * (3 + i % 7) + i % 11, 2),
                "confidence": "official",
                "source": source,
            }
            for i in range(n)
        ],
    }


def _dump(path: Path, doc: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def make_project(template_root: Path, dest: Path, n: int) -> Path:
    """Write a synthetic project with ``n`` indicators into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("content", "theme"):
        shutil.copytree(template_root / name, dest / name, dirs_exist_ok=True)
    shutil.copy2(template_root / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / "site_src").mkdir(exist_ok=True)
    (dest / "site_src" / ".gitignore").write_text("*\n!.gitignore\n")
    link = dest / "builder"
    if not link.exists():
        link.symlink_to(template_root / "builder", target_is_directory=True)
    data = dest / "data"
    shutil.copytree(template_root / "data", data, dirs_exist_ok=True, ignore=shutil.ignore_patterns("snapshots"))
    for stale in (data / "snapshots").glob("*.yaml") if (data / "snapshots").is_dir() else ():
        stale.unlink()
    load = lambda name: yaml.safe_load((data / name).read_text(encoding="utf-8"))  # noqa: E731
    unit_ids = [u["id"] for u in load("units.yaml")["units"]]
    projects, indicators = load("projects.yaml"), load("indicators.yaml")
    real_tasks = sum(len(p["tasks"]) for p in projects["projects"])
    n_tasks = max(n // 2 - real_tasks, 0)
    n_indicators = max(n - len(indicators["indicators"]), 0)
    projects["projects"] += projects_doc(n_tasks, unit_ids, len(projects["projects"]) + 1)
    indicators["indicators"] += indicators_doc(n_indicators, n_tasks, len(indicators["indicators"]) + 1)
    _dump(data / "projects.yaml", projects)
    _dump(data / "indicators.yaml", indicators)
    for year in YEARS:
        _dump(data / "snapshots" / f"{year + 1}-03-01.yaml", release_doc(year, n_indicators))
    return dest
