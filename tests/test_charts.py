"""Every kind of chart the site draws is a valid Vega-Lite spec.

Builds skip Altair's validation (it costs ~3 ms a chart, and specs are filled
from one template per chart type); this test validates each chart once, in
both its embedded and its static-SVG form."""

from __future__ import annotations

import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema.core import load_schema

from builder.model import Dataset
from builder.render import render_site


@pytest.fixture(scope="module")
def charts(real_dataset: Dataset) -> dict:
    return {chart.svg_name: chart for chart in render_site(real_dataset).charts}


def test_every_chart_spec_is_valid_vega_lite(charts: dict) -> None:
    schema = load_schema()
    for chart in charts.values():
        validate_jsonschema(chart.spec, schema)
        validate_jsonschema(chart.svg_spec, schema)


def test_every_kind_of_chart_is_covered(charts: dict) -> None:
    ids = {chart.id for chart in charts.values()}
    layers = {chart.id: len(chart.spec.get("layer", [])) for chart in charts.values()}
    assert layers["chart-madrid-applications"] == 3  # values, the path to the target, the target
    assert layers["chart-high-value-patents"] == 2  # achieved: no path
    assert {"spark-high-value-patents", "chart-overview", "chart-responsibility", "chart-task-status"} <= ids


def test_each_chart_has_a_text_description(charts: dict) -> None:
    for chart in charts.values():
        assert chart.description.strip()
        assert chart.spec["description"] == chart.description
