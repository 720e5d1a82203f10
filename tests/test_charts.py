"""Every kind of chart the site draws is a valid Vega-Lite spec.

Builds skip Altair's validation (it costs ~3 ms a chart, and specs are filled
from one template per chart type); this test validates each chart once, in
both its embedded and its static-SVG form."""

from __future__ import annotations

import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema.core import load_schema

from builder.charts import PHONE_MEDIA_MAX, PHONE_SVG_WIDTH, SPARKLINE_SVG_WIDTH, SVG_WIDTH, WIDTH_PARAM
from builder.model import Dataset
from builder.render import render_pages, render_site


@pytest.fixture(scope="module", params=["real", "lakeside"])
def charts(request: pytest.FixtureRequest) -> dict:
    dataset: Dataset = request.getfixturevalue("real_dataset" if request.param == "real" else "lakeside")
    return {chart.svg_name: chart for chart in render_site(dataset).charts}


def test_every_chart_spec_is_valid_vega_lite(charts: dict) -> None:
    schema = load_schema()
    for chart in charts.values():
        validate_jsonschema(chart.spec, schema)
        for spec in chart.static_specs.values():
            validate_jsonschema(spec, schema)


def test_every_kind_of_chart_is_covered(lakeside: Dataset) -> None:
    charts = render_site(lakeside).charts
    ids = {chart.id for chart in charts}
    layers = {chart.id: len(chart.spec.get("layer", [])) for chart in charts}
    assert layers["chart-complaint-rate"] == 3  # values, the path down to the target, the target
    assert layers["chart-arrears-share"] == 2  # a ceiling: no path
    assert layers["chart-small-loans"] == 2  # achieved: no path
    assert "chart-climate-tier" not in ids  # qualitative: no chart
    assert {"spark-complaint-rate", "chart-overview", "chart-responsibility", "chart-task-status"} <= ids


def test_each_chart_has_a_text_description(charts: dict) -> None:
    for chart in charts.values():
        assert chart.description.strip()
        assert chart.spec["description"] == chart.description


def test_a_full_width_chart_has_a_static_svg_drawn_for_phones(lakeside: Dataset) -> None:
    charts = {chart.id: chart for chart in render_site(lakeside).charts}
    line = charts["chart-complaint-rate"]
    assert (line.svg_spec["width"], line.phone_spec["width"]) == (SVG_WIDTH, PHONE_SVG_WIDTH)
    assert len(line.static_specs) == 2
    matrix = charts["chart-responsibility"]  # its layout follows the width parameter: the phone SVG takes the narrow one
    assert [p["value"] for p in matrix.phone_spec["params"] if p["name"] == WIDTH_PARAM] == [PHONE_SVG_WIDTH]
    assert [p["value"] for p in matrix.svg_spec["params"] if p["name"] == WIDTH_PARAM] == [SVG_WIDTH]


def test_a_page_offers_the_phone_svg_to_small_screens_and_the_wide_one_to_others(lakeside: Dataset) -> None:
    page = render_pages(lakeside)["indicators/complaint-rate.md"]
    chart = next(c for c in render_site(lakeside).charts if c.id == "chart-complaint-rate" and c.svg_name in page)
    assert (
        f'<picture><source media="(max-width: {PHONE_MEDIA_MAX}px)" srcset="../../assets/charts/{chart.phone_svg_name}">'
        f'<img class="plansite-chart__fallback" src="../../assets/charts/{chart.svg_name}"'
    ) in page


def test_a_sparkline_is_drawn_once_at_a_cards_width_and_offered_without_a_phone_source(lakeside: Dataset) -> None:
    spark = next(c for c in render_site(lakeside).charts if c.id == "spark-complaint-rate")
    assert list(spark.static_specs) == [spark.svg_name]
    assert (spark.svg_spec["width"], spark.svg_spec["autosize"]) == (SPARKLINE_SVG_WIDTH, {"type": "fit", "contains": "padding"})
    page = render_pages(lakeside)["index.md"]
    assert f'<picture><img class="plansite-chart__fallback" src="assets/charts/{spark.svg_name}"' in page
