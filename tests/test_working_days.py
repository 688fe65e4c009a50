"""Working days skip weekends and England and Wales bank holidays (offline data)."""

import datetime

import pytest

from secondments.working_days import (
    add_working_days,
    bank_holidays,
    is_working_day,
    latest_start,
    working_days_between,
)

D = datetime.date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2027, 3, 25), True),  # Maundy Thursday
        (D(2027, 3, 26), False),  # Good Friday
        (D(2027, 3, 29), False),  # Easter Monday
        (D(2027, 3, 27), False),  # a Saturday
        (D(2026, 12, 25), False),  # Christmas Day, a Friday
        (D(2026, 12, 28), False),  # Boxing Day substitute, a Monday
        (D(2027, 1, 1), False),  # New Year's Day
        (D(2027, 1, 4), True),
    ],
)
def test_bank_holidays_and_weekends_are_not_working_days(day, working):
    assert is_working_day(day) is working


def test_holidays_are_england_and_wales_only():
    # 2 January and St Andrew's Day are Scottish bank holidays.
    assert is_working_day(D(2026, 1, 2))
    assert is_working_day(D(2026, 11, 30))
    # The cached list reaches the end of 2028 without a download.
    assert D(2028, 12, 26) in bank_holidays()


def test_easter_takes_two_working_days_out_of_the_week():
    # Thursday before Easter 2027 to the Thursday after: Tue, Wed, Thu only.
    assert working_days_between(D(2027, 3, 25), D(2027, 4, 1)) == 3
    assert add_working_days(D(2027, 3, 25), 1) == D(2027, 3, 30)
    assert add_working_days(D(2027, 3, 25), 5) == D(2027, 4, 5)


def test_christmas_and_new_year_are_skipped():
    # From Christmas Eve 2026: Tue 29, Wed 30, Thu 31 December, Mon 4, Tue 5 January.
    assert add_working_days(D(2026, 12, 24), 5) == D(2027, 1, 5)
    assert working_days_between(D(2026, 12, 24), D(2027, 1, 4)) == 4
    assert working_days_between(D(2026, 12, 24), D(2027, 1, 5)) == 5


def test_the_start_day_does_not_count_and_the_end_day_does():
    thursday, friday = D(2026, 11, 12), D(2026, 11, 13)
    assert working_days_between(thursday, thursday) == 0
    assert working_days_between(thursday, friday) == 1
    assert working_days_between(friday, thursday) == 0
    assert add_working_days(thursday, 0) == thursday


def test_counting_back_over_easter():
    assert add_working_days(D(2027, 3, 30), -1) == D(2027, 3, 25)
    assert add_working_days(D(2027, 4, 5), -5) == D(2027, 3, 25)


def test_latest_start_is_where_n_working_days_begin_to_have_passed():
    # Over two years of ends and every n up to 10, compared with counting.
    first = D(2026, 1, 1)
    for offset in range(0, 760, 3):
        end = first + datetime.timedelta(days=offset)
        for n in range(1, 11):
            cutoff = latest_start(end, n)
            assert working_days_between(cutoff, end) >= n
            assert working_days_between(cutoff + datetime.timedelta(days=1), end) < n


def test_adding_then_counting_gives_back_the_same_number():
    start = D(2026, 12, 20)
    for n in range(0, 40):
        assert working_days_between(start, add_working_days(start, n)) == n
