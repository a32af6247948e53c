from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archive.text.jalali import (
    EARLIEST_DATE,
    IMPOSSIBLE_DATE,
    JALALI_MONTHS,
    JALALI_MONTHS_EN,
    LATEST_DATE,
    format_jalali,
    in_archive_years,
    jalali_year,
    parse_date,
    to_jalali,
    to_persian_digits,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("شنبه، ۲۰ شهریور ۱۴۰۰", date(2021, 9, 11)),
        ("شنبه, 20ام شهریور, 1400", date(2021, 9, 11)),
        ("۱۴ اسفند ۱۴۰۲", date(2024, 3, 4)),
        ("۱۴اسفند۱۴۰۲", date(2024, 3, 4)),
        ("چهارم اسفند ۱۴۰۲", date(2024, 2, 23)),
        ("بیست و یکم اردیبهشت ۱۴۰۱", date(2022, 5, 11)),
        ("۱۰ ارديبهشت ۱۴۰۱", date(2022, 4, 30)),  # Arabic yeh
        ("۵ دی ماه ۱۳۹۸", date(2019, 12, 26)),
        ("۱۴۰۲/۱۲/۱۴", date(2024, 3, 4)),
        ("2024-02-27", date(2024, 2, 27)),
        ("۲۷/۰۲/۲۰۲۴", date(2024, 2, 27)),
        ("23 February 2024", date(2024, 2, 23)),
        ("February 23, 2024", date(2024, 2, 23)),
        ("۲۳ فوریه ۲۰۲۴", date(2024, 2, 23)),
        ("30 اسفند 1403", date(2025, 3, 20)),  # 1403 is a leap year
    ],
)
def test_parse_date_reads_written_forms(text, expected):
    match = parse_date(text)
    assert match is not None
    assert match.date == expected
    assert match.error is None


def test_parse_date_reports_the_date_as_written_with_its_position():
    line = "کارگران انقلابی متحد ایران - ۱۴ اسفند ۱۴۰۲"
    match = parse_date(line)
    assert match.text == "۱۴ اسفند ۱۴۰۲"
    assert line[match.start : match.end] == match.text


def test_parse_date_keeps_the_weekday_in_the_matched_text():
    match = parse_date("شنبه, 20ام شهریور, 1400 \xa0")
    assert match.text == "شنبه, 20ام شهریور, 1400"


def test_parse_date_finds_the_first_of_several_dates():
    match = parse_date("که در جمعه ۲۳ فوریه ۲۰۲۴، چهارم اسفند ۱۴۰۲ در برلن")
    assert match.date == date(2024, 2, 23)
    assert match.text == "جمعه ۲۳ فوریه ۲۰۲۴"


@pytest.mark.parametrize("text", ["روز ۱۵ شهریور یکی دیگر از روزها بود", "اسفند ۱۴۰۲", "هیچ"])
def test_parse_date_needs_day_month_and_year(text):
    assert parse_date(text) is None


@pytest.mark.parametrize("text", ["۳۲ اسفند ۱۴۰۲", "30 اسفند 1402", "2024-02-30", "۱۴ اسفند ۲۰۲۴"])
def test_impossible_dates_are_reported_not_raised(text):
    match = parse_date(text)
    assert match is not None
    assert match.date is None
    assert match.error == IMPOSSIBLE_DATE
    assert match.text == text


@pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31", "1042-05-01", "1 March 1750"])
def test_gregorian_dates_outside_the_archive_years_are_typos_not_dates(text):
    # Year 1 and 9999 cannot even be converted to the Jalali calendar.
    match = parse_date(text)
    assert match is not None
    assert (match.date, match.error) == (None, IMPOSSIBLE_DATE)


def test_the_archive_years_are_1200_to_1500_solar_hijri():
    assert to_jalali(EARLIEST_DATE) == (1200, 1, 1)
    assert to_jalali(LATEST_DATE)[0] == 1500
    assert to_jalali(LATEST_DATE + timedelta(days=1)) == (1501, 1, 1)
    assert in_archive_years(date(2024, 3, 4))
    assert not in_archive_years(date(1, 1, 1)) and not in_archive_years(date(9999, 12, 31))


def test_conversions_and_formatting():
    assert to_jalali(date(2024, 3, 4)) == (1402, 12, 14)
    assert jalali_year(date(2021, 9, 11)) == 1400
    assert format_jalali(date(2021, 9, 11)) == "۲۰ شهریور ۱۴۰۰"
    assert format_jalali(date(2021, 9, 11), weekday=True) == "شنبه، ۲۰ شهریور ۱۴۰۰"
    assert format_jalali(date(2021, 9, 11), lang="en") == "20 Shahrivar 1400"
    assert format_jalali(date(2024, 3, 4), lang="en", weekday=True) == "Monday, 14 Esfand 1402"
    assert to_persian_digits("1402/12") == "۱۴۰۲/۱۲"
    assert len(JALALI_MONTHS) == len(JALALI_MONTHS_EN) == 12


@given(st.text())
def test_parse_date_never_raises_and_points_into_the_input(text):
    match = parse_date(text)
    if match is not None:
        assert text[match.start : match.end] == match.text
        assert (match.date is None) == (match.error is not None)
