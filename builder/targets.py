"""The kinds of target a plan can set, one registry: how each is met, whether
it has a path from the baseline, and the labels that word it.

reach        a value to reach by the target year (higher is better)
at-least     a floor: the value must be at least the target
at-most      a ceiling: the value must stay within the target
decrease-to  lower is better: a path down from the baseline to the target
qualitative  a rank or tier: no number is computed; outcomes are recorded
             as observations with text and judged by the editors

Each kind's wording is data: the labels ``target-<kind>`` (the target in
words, with ``{value}`` or ``{text}``), ``kind-<kind>`` (its name) and
``method-kind-<kind>`` (how it is assessed) in data/ui.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import TARGET_KINDS, TargetKind


@dataclass(frozen=True)
class KindRule:
    id: TargetKind
    direction: int  # +1 higher is better, -1 lower is better, 0 no number
    ceiling: bool = False  # a limit to stay within: no path, held or breached
    shows_share: bool = False  # "share of target reached" means something

    @property
    def qualitative(self) -> bool:
        return self.direction == 0

    @property
    def has_path(self) -> bool:
        return not (self.ceiling or self.qualitative)

    def met(self, value: float, target: float) -> bool:
        if self.ceiling:
            return value <= target
        return value * self.direction >= target * self.direction

    @property
    def labels(self) -> tuple[str, ...]:
        return (f"target-{self.id}", f"kind-{self.id}", f"method-kind-{self.id}")


KINDS: dict[str, KindRule] = {
    "reach": KindRule("reach", +1, shows_share=True),
    "at-least": KindRule("at-least", +1, shows_share=True),
    "at-most": KindRule("at-most", -1, ceiling=True),
    "decrease-to": KindRule("decrease-to", -1),
    "qualitative": KindRule("qualitative", 0),
}
assert tuple(KINDS) == TARGET_KINDS
