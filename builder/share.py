"""Share images and text fitted to a length: what a link to a page shows.

A share image (a "card") is a page's chart under its title and a few lines
of text, as a Vega-Lite spec sized for link previews; builder.build renders
it to PNG. Whether the installed fonts draw a language's text is checked
here, so that a site is never published with cards of missing glyphs.
Lengths are measured by display width (a wide character, as in Chinese,
counts twice), so one rule fits text of any language.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import html
import unicodedata
from dataclasses import dataclass

from .charts import Chart, spec_json

CARD_WIDTH, CARD_HEIGHT = 1200, 630  # the size link previews expect
CARD_DIR = "assets/share"
ELLIPSIS = "…"

_TITLE_SIZE, _LINE_SIZE, _PADDING = 46, 24, 40


@dataclass(frozen=True)
class Card:
    spec: dict
    alt: str  # what the image shows, as text

    @property
    def path(self) -> str:
        """Its site path, named by its content: the same card is the same file."""
        digest = hashlib.sha256(spec_json(self.spec).encode("utf-8")).hexdigest()[:16]
        return f"{CARD_DIR}/{digest}.png"


def width(text: str) -> int:
    """Display width: 2 for a wide character (as in Chinese), 1 for any other."""
    return sum(map(_char_width, text))


@functools.cache
def _char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _prefix(text: str, limit: int) -> str:
    """The longest start of ``text`` within ``limit`` display width; cut at a
    space if that space is near the end and the cut would split a word."""
    kept, used = [], 0
    for ch in text:
        used += _char_width(ch)
        if used > limit:
            break
        kept.append(ch)
    cut = "".join(kept)
    space = cut.rfind(" ")
    if space > 0 and len(cut) < len(text) and not text[len(cut)].isspace() and width(cut[space:]) <= limit // 3:
        cut = cut[:space]
    return cut


def clip(text: str, limit: int) -> str:
    """``text`` on one line within ``limit`` display width, cut with an ellipsis if longer."""
    text = " ".join(text.split())
    if width(text) <= limit:
        return text
    return _prefix(text, limit - width(ELLIPSIS)).rstrip(" ,;:，；：、") + ELLIPSIS


def wrap(text: str, limit: int, lines: int) -> list[str]:
    """``text`` in at most ``lines`` lines of at most ``limit`` display width,
    broken at a space where the line has one (anywhere in text without
    spaces); the last line is clipped."""
    out: list[str] = []
    rest = " ".join(text.split())
    while rest and len(out) < lines - 1 and width(rest) > limit:
        line = _prefix(rest, limit)
        while len(line) > 1 and _closing(rest[len(line)]):  # no line starts with a closing mark
            line = line[:-1]
        if not line:
            break
        out.append(line.rstrip())
        rest = rest[len(line) :].lstrip()
    return [*out, clip(rest, limit)] if rest else out


def _closing(ch: str) -> bool:
    """A mark that closes what comes before it (。，）" and the like)."""
    return unicodedata.category(ch) in ("Pe", "Pf", "Po")


def _em(size: int) -> int:
    """The display width that fits the card's text column at a font size
    (a narrow character is about half the size wide)."""
    return (CARD_WIDTH - 2 * _PADDING) * 2 // size - 2


#: The body of a card without a chart: an empty view.
_NO_CHART = {"data": {"values": []}, "mark": "point", "config": {"view": {"stroke": None}}}


def card(chart: Chart | None, title: str, lines: list[str], font: str, alt: str) -> Card:
    """A share image: ``chart`` (its static spec) under ``title`` (at most two
    lines) and ``lines`` of text, in ``font``; without a chart, the text is
    larger and each line may take more lines."""
    spec = copy.deepcopy(chart.svg_spec if chart is not None else _NO_CHART)
    size, most = (_LINE_SIZE, 2) if chart is not None else (_LINE_SIZE * 4 // 3, 4)
    subtitle = [part for line in lines for part in wrap(line, _em(size), most)]
    spec["title"] = {
        "text": wrap(title, _em(_TITLE_SIZE), 2),
        "subtitle": subtitle,
        "anchor": "start",
        "fontSize": _TITLE_SIZE,
        "lineHeight": _TITLE_SIZE * 1.25,
        "subtitleFontSize": size,
        "subtitleLineHeight": size * 1.4,
        "subtitleColor": "#333333",
        "subtitlePadding": 12,
        "offset": 24,
    }
    spec.update(
        width=CARD_WIDTH,
        height=CARD_HEIGHT,
        autosize={"type": "fit", "contains": "padding"},
        padding=_PADDING,
        background="#ffffff",
    )
    spec.pop("params", None)  # a chart's own layout parameters are for pages
    text = {"labelFontSize": 18, "titleFontSize": 18}
    spec["config"] = {
        **spec.get("config", {}),
        "font": font,
        "axis": text,
        "legend": {"labelFontSize": 18, "symbolSize": 160},
        "line": {"strokeWidth": 3},
    }
    return Card(spec, alt)


_NO_GLYPH = "\U0010fffd"  # a private-use character no font draws: the missing-glyph box


def _drawn(text: str, font: str) -> bytes:
    import vl_convert

    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32">'
        f'<text x="2" y="26" font-family="{html.escape(font)}" font-size="24">{html.escape(text)}</text></svg>'
    )
    return vl_convert.svg_to_png(svg)


def undrawable(text: str, font: str) -> str:
    """The characters of ``text`` that no installed font draws (in ``font`` or
    by fallback): each one drawn alone looks like the missing-glyph box."""
    box = _drawn(_NO_GLYPH, font)
    chars = sorted({ch for ch in text if not ch.isspace()})
    return "".join(ch for ch in chars if _drawn(ch, font) == box)
