"""Numbers and targets as each language writes them.

Chinese keeps the plan's own units (件, 亿元, %); English shows amounts of
亿元 as billion yuan (one 亿 is 100 million).
"""

from __future__ import annotations

from .model import Indicator


def _number(value: float, decimals: int = 3) -> str:
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def display_value(value: float, unit: str, lang: str) -> float:
    """The number shown on a chart axis: English shows 亿元 as billion yuan."""
    return round(value / 10, 6) if unit == "yi-yuan" and lang == "en" else value


def unit_label(unit: str, lang: str) -> str:
    """The unit as an axis title."""
    labels = {
        "items": ("件", "Number"),
        "yi-yuan": ("亿元", "Billion yuan"),
        "percent": ("%", "%"),
        "rank": ("排位", "Rank"),
    }
    zh, en = labels[unit]
    return zh if lang == "zh" else en


def format_value(value: float, unit: str, lang: str) -> str:
    """A value with its unit, e.g. 41.97 yi-yuan -> '41.97亿元' / '4.197 billion yuan'."""
    if unit == "yi-yuan":
        return f"{_number(value)}亿元" if lang == "zh" else f"{_number(value / 10)} billion yuan"
    if unit == "percent":
        return f"{_number(value)}%"
    if unit == "items":
        return f"{_number(value)}件" if lang == "zh" else _number(value)
    return _number(value)


def format_target(indicator: Indicator, lang: str) -> str:
    """The 2025 target in words, e.g. '13%以上' / 'at least 13%'."""
    target = indicator.target
    if target.comparator == "rank":
        return "保持副省级城市前列" if lang == "zh" else "stay among the leading sub-provincial cities"
    shown = format_value(target.value, indicator.unit, lang)
    if target.comparator == "at_least":
        return f"{shown}以上" if lang == "zh" else f"at least {shown}"
    return shown


def format_period(period: str, lang: str) -> str:
    """'2023' -> '2023年' / '2023'; '2023-Q1' -> '2023年第1季度' / '2023 Q1'."""
    year, _, quarter = period.partition("-Q")
    if lang == "zh":
        return f"{year}年第{quarter}季度" if quarter else f"{year}年"
    return f"{year} Q{quarter}" if quarter else year
