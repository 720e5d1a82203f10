"""Numbers, periods and targets as each language writes them.

Everything language-specific comes from data: a unit of measure declares its
format, decimals and scale per language (data/indicators.yaml), and labels
(data/ui.yaml) word periods, targets and lists. ``label`` is a function from a
label key to its text in the page's language.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from babel import Locale

from .labels import PLURAL_FORMS
from .model import Indicator, UnitOfMeasure, period_months

Label = Callable[[str], str]


@cache
def _locale(locale: str) -> Locale:
    return Locale.parse(locale, sep="-")


def plural_form(locale: str, count: float) -> str:
    """The plural form a language uses for ``count`` (CLDR rules, via Babel):
    'one' for 1 in English, 'other' for every count in Chinese. A language
    with more forms falls back to 'other' for the ones not written."""
    form = _locale(locale).plural_form(count)
    return form if form in PLURAL_FORMS else "other"


def number(value: float, decimals: int = 3, thousands: bool = True) -> str:
    """``value`` with at most ``decimals`` decimals (trailing zeros dropped)."""
    text = f"{value:{',' if thousands else ''}.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def display_value(value: float, measure: UnitOfMeasure, lang: str) -> float:
    """The number shown on a chart axis, in the unit the language writes."""
    return measure.shown(value, lang)


def format_value(value: float, measure: UnitOfMeasure, lang: str) -> str:
    """A value with its unit as the unit's format says, e.g. '41.97亿元'."""
    shown = number(measure.shown(value, lang), measure.decimals, measure.thousands)
    return measure.format(lang).replace("{value}", shown)


def format_target(indicator: Indicator, measure: UnitOfMeasure, lang: str, label: Label) -> str:
    """The target in words from the kind's label, e.g. '13%以上' / 'at least 13%'."""
    target = indicator.target
    wording = label(f"target-{target.kind}")
    if target.text is not None:
        return wording.replace("{text}", target.text(lang))
    return wording.replace("{value}", format_value(target.value or 0.0, measure, lang))


def format_period(period: str, label: Label, locale: str = "en") -> str:
    """'2023' / '2023-Q1' / '2023-07' worded by the labels period-year, period-quarter, period-month;
    a month may be named in the language of ``locale`` (``{month_name}``, from the CLDR via Babel)."""
    year, month, months = period_months(period)
    if months == 12:
        return label("period-year").replace("{year}", str(year))
    if months == 3:
        return label("period-quarter").replace("{year}", str(year)).replace("{quarter}", str((month - 1) // 3 + 1))
    text = label("period-month").replace("{year}", str(year)).replace("{month}", str(month))
    return text.replace("{month_name}", _month_names(locale)[month]) if "{month_name}" in text else text


@cache
def _month_names(locale: str) -> dict[int, str]:
    return dict(Locale.parse(locale, sep="-").months["format"]["wide"])
