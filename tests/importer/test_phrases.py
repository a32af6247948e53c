"""Dates as people write them in headers, read by archive.importer.phrases."""

from datetime import date

import pytest

from archive.importer.phrases import date_line, find_date


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("هفتم بهمن ٨٤", date(2006, 1, 27)),  # a two-digit year
        ("26 مهر 95", date(2016, 10, 17)),
        ("۱۳۹۴ فروردین ۲۵, سه‌شنبه", date(2015, 4, 14)),  # the year first
        ("دوشنبه ٧ مهرماه ۱۳۹٩", date(2020, 9, 28)),  # the month glued to «ماه»
        ("دوشنبه ۲۶ مهر ۱۳۹۵ساعت 10:20", date(2016, 10, 17)),  # a clock glued to the year
        ("پنجم مرداد ماه هشتاد و چهار", date(2005, 7, 27)),  # a year in words
        ("دوشنبه ۵ اردیبهشت ۲۵۸۱", date(2022, 4, 25)),  # the imperial year
    ],
)
def test_dates_the_calendar_parser_does_not_read_as_written(written, meant):
    found, _ = find_date(written)
    assert found is not None and found.date == meant


def test_a_number_beside_a_month_is_no_date_without_a_day():
    assert find_date("مهر ۹۵")[0] is None
    assert find_date("شماره ۲۵ اسفند")[0] is None


def test_a_date_line_keeps_what_is_left_beside_the_respelt_date():
    found, rest = date_line("۱۳۹۴ فروردین ۲۵, سه‌شنبه", max_rest_words=3)
    assert found is not None and rest == "سه‌شنبه"
