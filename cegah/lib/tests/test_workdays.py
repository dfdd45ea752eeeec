from __future__ import annotations

import datetime as dt

import pytest

from cegah.lib.workdays import (
    add_working_days,
    is_working_day,
    non_working_holidays,
    working_days_between,
)

D = dt.date


def test_the_calendar_knows_idul_fitri_2026_and_its_cuti_bersama() -> None:
    days = non_working_holidays(2026)
    assert days[D(2026, 3, 21)] == "Hari Raya Idul Fitri"
    assert days[D(2026, 3, 22)] == "Hari kedua dari Hari Raya Idul Fitri"
    for cuti in (D(2026, 3, 20), D(2026, 3, 23), D(2026, 3, 24)):
        assert days[cuti] == "Cuti Bersama Hari Raya Idul Fitri"


def test_weekends_public_holidays_and_cuti_bersama_are_not_working_days() -> None:
    assert is_working_day(D(2026, 3, 17))  # an ordinary Tuesday
    assert not is_working_day(D(2026, 3, 14))  # Saturday
    assert not is_working_day(D(2026, 3, 15))  # Sunday
    assert not is_working_day(D(2026, 3, 19))  # Nyepi
    assert not is_working_day(D(2026, 3, 24))  # cuti bersama Idul Fitri, a Tuesday
    assert not is_working_day(D(2026, 12, 24))  # cuti bersama Natal


def test_counting_starts_the_day_after_receipt() -> None:
    assert add_working_days(D(2026, 3, 9), 1) == D(2026, 3, 10)
    assert add_working_days(D(2026, 3, 13), 1) == D(2026, 3, 16)  # Friday → Monday
    assert add_working_days(D(2026, 3, 14), 1) == D(2026, 3, 16)  # received on a Saturday
    assert add_working_days(D(2026, 3, 9), 0) == D(2026, 3, 9)


def test_the_deadlines_of_a_gift_received_before_idul_fitri_2026_skip_the_whole_break() -> None:
    received = D(2026, 3, 16)
    # 17 Mar counts; 18–24 Mar are Nyepi, its cuti bersama, Idul Fitri, its cuti bersama and a
    # weekend; 3 Apr is Good Friday.
    assert add_working_days(received, 1) == D(2026, 3, 17)
    assert add_working_days(received, 2) == D(2026, 3, 25)
    assert add_working_days(received, 10) == D(2026, 4, 7)
    # 1 May (Labour Day) does not count either.
    assert add_working_days(received, 30) == D(2026, 5, 6)


def test_holidays_push_the_deadline_past_the_weekday_only_count() -> None:
    received = D(2026, 3, 16)
    weekdays_only = received
    for _ in range(30):
        weekdays_only += dt.timedelta(days=1)
        while weekdays_only.weekday() >= 5:
            weekdays_only += dt.timedelta(days=1)
    assert weekdays_only == D(2026, 4, 27)
    assert add_working_days(received, 30) - weekdays_only == dt.timedelta(days=9)


def test_a_deadline_crosses_the_new_year_with_its_holidays() -> None:
    # 24 Dec cuti bersama, 25 Dec Natal, 1 Jan 2027 New Year.
    assert add_working_days(D(2026, 12, 23), 1) == D(2026, 12, 28)
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)


def test_working_days_between_is_the_inverse_of_adding() -> None:
    start = D(2026, 3, 16)
    for n in (0, 1, 2, 10, 30, 250):
        assert working_days_between(start, add_working_days(start, n)) == n
    assert working_days_between(D(2026, 3, 18), D(2026, 3, 24)) == 0
    assert working_days_between(D(2026, 3, 25), D(2026, 3, 16)) == -2


def test_a_negative_number_of_days_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_working_days(D(2026, 3, 16), -1)
