"""Tests for parsing time and cost."""

import pytest

from kitpress.content.quantities import COST, TIME, Measure, parse_cost, parse_time


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("30分钟", 30, 30),
        ("1小时", 60, 60),
        ("半小时", 30, 30),
        ("1-2小时", 60, 120),
        ("14天", 20160, 20160),
    ],
)
def test_time_forms_from_the_pack_format(text, low, high):
    span = parse_time(text)
    assert span is not None
    assert (span.low, span.high, span.text) == (low, high, text)


@pytest.mark.parametrize(
    ("text", "low", "high"), [("0元", 0, 0), ("免费", 0, 0), ("10元", 10, 10), ("10-20元", 10, 20)]
)
def test_cost_forms_from_the_pack_format(text, low, high):
    span = parse_cost(text)
    assert span is not None
    assert (span.low, span.high) == (low, high)


@pytest.mark.parametrize("text", ["一会儿", "2-1小时", "30", "小时", "", "10元钱钱"])
def test_unreadable_time_is_none(text):
    assert parse_time(text) is None


@pytest.mark.parametrize("text", ["很便宜", "20-10元", "十元", "10美元"])
def test_unreadable_cost_is_none(text):
    assert parse_cost(text) is None


@pytest.mark.parametrize(("text", "shown"), [("5", "5元"), ("0", "0元"), ("5-10", "5-10元")])
def test_a_bare_cost_means_yuan_and_is_shown_so(text, shown):
    span = parse_cost(text)
    assert span is not None and span.text == shown


@pytest.mark.parametrize(
    ("measure", "text", "fits"),
    [
        (TIME, "1分钟", True),
        (TIME, "366天", True),
        (TIME, "0分钟", False),
        (TIME, "0-30分钟", False),
        (TIME, "367天", False),
        (TIME, "99999999999999999999天", False),
        (COST, "0元", True),
        (COST, "免费", True),
        (COST, "100000元", True),
        (COST, "100001元", False),
        (COST, "10-100000000000000000000000元", False),
    ],
)
def test_times_and_costs_must_be_plausible(measure: Measure, text, fits):
    span = measure.parse(text)
    assert span is not None
    assert measure.fits(span) is fits
