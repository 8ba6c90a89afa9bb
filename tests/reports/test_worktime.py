"""Working-time calendar: office hours, weekends and Vietnamese public holidays.

Default office hours are 07:30–11:30 and 13:00–17:00 (8 working hours a day). Every expected
moment below is worked out by hand in the comments; holiday dates are those that
``holidays.VN(language="vi")`` 0.109 returns, not guesses.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from paht.reports.worktime import WorkingCalendar

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = WorkingCalendar()
H = timedelta(hours=1)


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    """A local (Asia/Ho_Chi_Minh) aware datetime."""
    return datetime(y, m, d, hh, mm, tzinfo=VN)


# -- basic office hours (March 2026 has no holidays; 2026-03-11 is a Wednesday) ---------------


def test_dates_used_below_are_the_weekdays_assumed() -> None:
    assert date(2026, 3, 11).strftime("%A") == "Wednesday"
    assert date(2026, 2, 13).strftime("%A") == "Friday"
    assert date(2027, 2, 3).strftime("%A") == "Wednesday"
    assert date(2026, 8, 22).strftime("%A") == "Saturday"
    assert date(2026, 8, 31).strftime("%A") == "Monday"


def test_hours_per_day_default_is_eight() -> None:
    assert CAL.hours_per_day() == timedelta(hours=8)


def test_two_hours_from_1030_cross_the_lunch_break() -> None:
    # 10:30–11:30 is 1 h; the other hour runs 13:00–14:00 (not 13:30: the morning ends 11:30).
    assert CAL.add_working_time(at(2026, 3, 11, 10, 30), 2 * H) == at(2026, 3, 11, 14, 0)


def test_time_running_out_at_period_end_returns_that_end() -> None:
    assert CAL.add_working_time(at(2026, 3, 11, 10, 30), H) == at(2026, 3, 11, 11, 30)
    # Friday 16:00 + 1 h ends Friday 17:00, not Monday 07:30.
    assert CAL.add_working_time(at(2026, 3, 13, 16, 0), H) == at(2026, 3, 13, 17, 0)


def test_friday_afternoon_rolls_over_the_weekend() -> None:
    # Friday 16:00–17:00 is 1 h; the second hour is Monday 07:30–08:30.
    assert CAL.add_working_time(at(2026, 3, 13, 16, 0), 2 * H) == at(2026, 3, 16, 8, 30)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (at(2026, 3, 11, 19, 0), at(2026, 3, 12, 8, 30)),  # Wednesday evening → Thursday
        (at(2026, 3, 12, 2, 0), at(2026, 3, 12, 8, 30)),  # Thursday 02:00, same morning
        (at(2026, 3, 12, 7, 0), at(2026, 3, 12, 8, 30)),  # before office hours
        (at(2026, 3, 12, 12, 0), at(2026, 3, 12, 14, 0)),  # lunch break → afternoon
        (at(2026, 3, 12, 11, 30), at(2026, 3, 12, 14, 0)),  # exactly at the morning's end
        (at(2026, 3, 14, 10, 0), at(2026, 3, 16, 8, 30)),  # Saturday → Monday
        (at(2026, 3, 15, 23, 59), at(2026, 3, 16, 8, 30)),  # Sunday night → Monday
    ],
)
def test_outside_office_hours_counting_starts_at_the_next_period(
    start: datetime, expected: datetime
) -> None:
    assert CAL.add_working_time(start, H) == expected


def test_three_working_days_from_wednesday_0900() -> None:
    # 24 h: Wed 09:00–11:30 (2.5) + 13:00–17:00 (4) = 6.5; Thu 8 → 14.5; Fri 8 → 22.5;
    # Mon 07:30 + 1.5 h = 09:00.
    assert CAL.add_working_days(at(2026, 3, 11, 9, 0), 3) == at(2026, 3, 16, 9, 0)


def test_ten_working_days_in_a_month_without_holidays() -> None:
    # Two full weeks, each working day ends up at the same time of day.
    assert CAL.add_working_days(at(2026, 3, 2, 9, 0), 10) == at(2026, 3, 16, 9, 0)


def test_fractional_working_days() -> None:
    assert CAL.add_working_days(at(2026, 3, 9, 7, 30), 0.5) == at(2026, 3, 9, 11, 30)
    # 1.5 days = 12 h: Wednesday 13:00–17:00 (4) + Thursday (8) ends Thursday 17:00 exactly.
    assert CAL.add_working_days(at(2026, 3, 11, 13, 0), 1.5) == at(2026, 3, 12, 17, 0)


def test_zero_amount_returns_start_unchanged() -> None:
    sunday_night = at(2026, 3, 15, 22, 0)
    assert CAL.add_working_time(sunday_night, timedelta(0)) == sunday_night
    assert CAL.add_working_days(sunday_night, 0) == sunday_night


def test_negative_amount_is_rejected() -> None:
    with pytest.raises(ValueError, match="negative"):
        CAL.add_working_time(at(2026, 3, 11, 9, 0), -H)


# -- working moments --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(2026, 3, 11, 7, 29), False),
        (at(2026, 3, 11, 7, 30), True),
        (datetime(2026, 3, 11, 11, 29, 59, tzinfo=VN), True),
        (at(2026, 3, 11, 11, 30), False),
        (at(2026, 3, 11, 12, 0), False),
        (at(2026, 3, 11, 13, 0), True),
        (at(2026, 3, 11, 17, 0), False),
        (at(2026, 3, 14, 9, 0), False),  # Saturday
        (at(2026, 2, 17, 9, 0), False),  # Tết
        (at(2026, 8, 22, 9, 0), True),  # working Saturday
    ],
)
def test_is_working_moment(moment: datetime, expected: bool) -> None:
    assert CAL.is_working_moment(moment) is expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(2026, 3, 11, 9, 0), at(2026, 3, 11, 9, 0)),
        (at(2026, 3, 11, 11, 30), at(2026, 3, 11, 13, 0)),
        (at(2026, 3, 11, 5, 0), at(2026, 3, 11, 7, 30)),
        (at(2026, 3, 13, 17, 0), at(2026, 3, 16, 7, 30)),
        (at(2026, 2, 13, 18, 0), at(2026, 2, 23, 7, 30)),  # Friday before Tết → after it
    ],
)
def test_next_working_moment(moment: datetime, expected: datetime) -> None:
    assert CAL.next_working_moment(moment) == expected


# -- Tết ----------------------------------------------------------------------------------------


def test_tet_2026_days_off_per_library() -> None:
    off = [date(2026, 2, d) for d in range(16, 21)]  # Monday 16 … Friday 20
    assert [CAL.holiday_name(d) for d in off] == [
        "Giao thừa Tết Nguyên Đán",
        "Tết Nguyên Đán",
        "Mùng hai Tết Nguyên Đán",
        "Mùng ba Tết Nguyên Đán",
        "Mùng bốn Tết Nguyên Đán",
    ]
    assert not any(CAL.is_working_day(d) for d in off)
    assert CAL.is_working_day(date(2026, 2, 13))
    assert CAL.is_working_day(date(2026, 2, 23))


def test_tet_2026_eight_hours_from_friday_1500() -> None:
    # Fri 13/02 15:00–17:00 = 2 h. Sat 14–Sun 15 weekend, Mon 16–Fri 20 Tết, Sat 21–Sun 22
    # weekend. Mon 23/02: 07:30–11:30 = 4 h (6 so far), then 13:00 + 2 h = 15:00.
    assert CAL.add_working_time(at(2026, 2, 13, 15, 0), 8 * H) == at(2026, 2, 23, 15, 0)


def test_tet_2026_ten_working_days_across_the_holiday() -> None:
    # From Mon 09/02 09:00 each working day lands at 09:00: Tue 10, Wed 11, Thu 12, Fri 13 (4),
    # then Mon 23 (5), Tue 24, Wed 25, Thu 26, Fri 27 (9), Mon 02/03 (10).
    assert CAL.add_working_days(at(2026, 2, 9, 9, 0), 10) == at(2026, 3, 2, 9, 0)


def test_tet_2026_week_has_no_working_time() -> None:
    assert CAL.working_time_between(at(2026, 2, 14), at(2026, 2, 23)) == timedelta(0)


def test_tet_2027_days_off_per_library() -> None:
    # Tết 2027 falls on Saturday 06/02; the library shifts the weekend days to Thu 04 and
    # Wed 10, so Thursday 04 through Wednesday 10 are all off.
    off = [date(2027, 2, d) for d in range(4, 11)]
    assert not any(CAL.is_working_day(d) for d in off)
    assert CAL.holiday_name(date(2027, 2, 4)) == "29 Tết"
    assert CAL.holiday_name(date(2027, 2, 10)) == "Mùng năm Tết Nguyên Đán"
    assert CAL.is_working_day(date(2027, 2, 3))
    assert CAL.is_working_day(date(2027, 2, 11))


def test_tet_2027_one_working_day_from_wednesday_1400() -> None:
    # Wed 03/02 14:00–17:00 = 3 h; Thu 04–Wed 10 off; Thu 11/02 07:30–11:30 = 4 h (7 so far),
    # then 13:00 + 1 h = 14:00.
    assert CAL.add_working_days(at(2027, 2, 3, 14, 0), 1) == at(2027, 2, 11, 14, 0)


# -- swapped days: working Saturdays and the days off they pay for ----------------------------


def test_2026_working_saturday_and_its_day_off() -> None:
    assert CAL.is_working_day(date(2026, 8, 22))
    assert CAL.holiday_name(date(2026, 8, 22)) is None
    assert not CAL.is_working_day(date(2026, 8, 31))
    assert CAL.holiday_name(date(2026, 8, 31)) == "Ngày nghỉ (thay cho ngày 22/08/2026)"
    assert not CAL.is_working_day(date(2026, 8, 29))  # an ordinary Saturday stays off


def test_deadline_uses_the_working_saturday() -> None:
    # Fri 21/08 16:00–17:00 = 1 h; Sat 22/08 is worked: 07:30 + 1 h = 08:30.
    assert CAL.add_working_time(at(2026, 8, 21, 16, 0), 2 * H) == at(2026, 8, 22, 8, 30)


def test_national_day_2026_bridge() -> None:
    # Fri 28/08 16:00–17:00 = 1 h; Sat 29, Sun 30 weekend; Mon 31 swapped day off; Tue 01/09,
    # Wed 02/09 Quốc khánh; Thu 03/09 07:30 + 1 h = 08:30.
    assert CAL.add_working_time(at(2026, 8, 28, 16, 0), 2 * H) == at(2026, 9, 3, 8, 30)


def test_2025_working_saturday_and_reunification_bridge() -> None:
    assert CAL.is_working_day(date(2025, 4, 26))  # Saturday worked for Fri 02/05
    assert CAL.add_working_time(at(2025, 4, 25, 16, 0), 2 * H) == at(2025, 4, 26, 8, 30)
    # Tue 29/04 16:00–17:00 = 1 h; Wed 30/04, Thu 01/05, Fri 02/05 (swapped) off; weekend;
    # Mon 05/05 07:30 + 1 h = 08:30.
    assert CAL.add_working_time(at(2025, 4, 29, 16, 0), 2 * H) == at(2025, 5, 5, 8, 30)


def test_hung_kings_2026_on_sunday_is_observed_on_monday() -> None:
    assert CAL.holiday_name(date(2026, 4, 26)) == "Ngày Giỗ Tổ Hùng Vương"
    assert CAL.holiday_name(date(2026, 4, 27)) == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"
    assert not CAL.is_working_day(date(2026, 4, 27))
    # Fri 24/04 16:00–17:00 = 1 h; Sat, Sun, Mon 27 off; Tue 28/04 07:30 + 1 h = 08:30.
    assert CAL.add_working_time(at(2026, 4, 24, 16, 0), 2 * H) == at(2026, 4, 28, 8, 30)


def test_reunification_and_labour_day_2026() -> None:
    # Wed 29/04 16:00–17:00 = 1 h; Thu 30/04, Fri 01/05 off; weekend; Mon 04/05 08:30.
    assert CAL.add_working_time(at(2026, 4, 29, 16, 0), 2 * H) == at(2026, 5, 4, 8, 30)


def test_vietnamese_culture_day_is_a_holiday_from_2026() -> None:
    assert CAL.holiday_name(date(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"
    assert not CAL.is_working_day(date(2026, 11, 24))
    assert CAL.is_working_day(date(2025, 11, 24))


def test_ordinary_day_has_no_holiday_name() -> None:
    assert CAL.holiday_name(date(2026, 3, 11)) is None


# -- province overrides -----------------------------------------------------------------------


def test_province_extra_day_off() -> None:
    cal = WorkingCalendar(extra_days_off=frozenset({date(2026, 3, 12)}))
    assert not cal.is_working_day(date(2026, 3, 12))
    assert cal.holiday_name(date(2026, 3, 12)) is None
    # Wed 11/03 16:00–17:00 = 1 h; Thu 12 off; Fri 13/03 07:30 + 1 h = 08:30.
    assert cal.add_working_time(at(2026, 3, 11, 16, 0), 2 * H) == at(2026, 3, 13, 8, 30)


def test_province_extra_working_day() -> None:
    cal = WorkingCalendar(extra_working_days=frozenset({date(2026, 3, 14)}))
    assert cal.is_working_day(date(2026, 3, 14))
    # Fri 13/03 16:00–17:00 = 1 h; Sat 14/03 07:30 + 1 h = 08:30.
    assert cal.add_working_time(at(2026, 3, 13, 16, 0), 2 * H) == at(2026, 3, 14, 8, 30)


def test_extra_working_day_wins_over_holiday_and_extra_day_off() -> None:
    tet = date(2026, 2, 17)
    both = date(2026, 3, 12)
    cal = WorkingCalendar(
        extra_days_off=frozenset({both}), extra_working_days=frozenset({tet, both})
    )
    assert cal.is_working_day(tet)
    assert cal.is_working_day(both)


def test_extra_day_off_wins_over_national_working_saturday() -> None:
    cal = WorkingCalendar(extra_days_off=frozenset({date(2026, 8, 22)}))
    assert not cal.is_working_day(date(2026, 8, 22))


def test_without_national_holidays() -> None:
    cal = WorkingCalendar(use_national_holidays=False)
    assert cal.is_working_day(date(2026, 2, 17))
    assert not cal.is_working_day(date(2026, 8, 22))  # no national swap either
    assert cal.holiday_name(date(2026, 2, 17)) is None
    # Fri 13/02 15:00–17:00 = 2 h; Mon 16/02 counts: 07:30–11:30 (6), 13:00 + 2 h = 15:00.
    assert cal.add_working_time(at(2026, 2, 13, 15, 0), 8 * H) == at(2026, 2, 16, 15, 0)


def test_overrides_accept_plain_sets_and_stay_hashable() -> None:
    cal = WorkingCalendar(extra_days_off={date(2026, 3, 12)})  # type: ignore[arg-type]
    assert cal.extra_days_off == frozenset({date(2026, 3, 12)})
    assert hash(cal) == hash(WorkingCalendar(extra_days_off=frozenset({date(2026, 3, 12)})))


# -- custom office hours --------------------------------------------------------------------


def test_custom_periods() -> None:
    cal = WorkingCalendar(periods=((time(8, 0), time(12, 0)), (time(13, 30), time(17, 30))))
    assert cal.hours_per_day() == timedelta(hours=8)
    # 11:00–12:00 = 1 h; 13:30 + 1 h = 14:30.
    assert cal.add_working_time(at(2026, 3, 11, 11, 0), 2 * H) == at(2026, 3, 11, 14, 30)
    assert cal.add_working_time(at(2026, 3, 11, 11, 0), H) == at(2026, 3, 11, 12, 0)
    assert cal.next_working_moment(at(2026, 3, 11, 7, 30)) == at(2026, 3, 11, 8, 0)
    # Fri 17:00–17:30 = 0.5 h; Mon 08:00 + 1.5 h = 09:30.
    assert cal.add_working_time(at(2026, 3, 13, 17, 0), 2 * H) == at(2026, 3, 16, 9, 30)


def test_single_period_and_three_periods() -> None:
    one = WorkingCalendar(periods=((time(8, 0), time(14, 0)),))
    assert one.hours_per_day() == timedelta(hours=6)
    assert one.add_working_days(at(2026, 3, 11, 8, 0), 1) == at(2026, 3, 11, 14, 0)
    three = WorkingCalendar(
        periods=(
            (time(7, 0), time(9, 0)),
            (time(9, 0), time(10, 0)),  # touching the previous period is allowed
            (time(14, 0), time(15, 0)),
        )
    )
    assert three.hours_per_day() == 4 * H
    # 08:00–10:00 = 2 h (across the touching boundary), then 14:00 + 0.5 h.
    assert three.add_working_time(at(2026, 3, 11, 8, 0), 2.5 * H) == at(2026, 3, 11, 14, 30)


@pytest.mark.parametrize(
    ("periods", "message"),
    [
        ((), "at least one"),
        (((time(12, 0), time(8, 0)),), "start before it ends"),
        (((time(8, 0), time(8, 0)),), "start before it ends"),
        (((time(13, 0), time(17, 0)), (time(7, 30), time(11, 30))), "sorted and non-overlapping"),
        (((time(7, 30), time(12, 0)), (time(11, 0), time(17, 0))), "sorted and non-overlapping"),
        (((time(8, 0), time(12, 0), time(13, 0)),), "pair of time"),
        (((time(8, 0), "12:00"),), "pair of time"),
        (((time(8, 0, tzinfo=UTC), time(12, 0)),), "naive times"),
    ],
)
def test_invalid_periods_are_rejected(periods: tuple, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        WorkingCalendar(periods=periods)


# -- time zones ---------------------------------------------------------------------------------


def test_utc_input_gives_the_same_result_as_local_input() -> None:
    local = at(2026, 3, 11, 10, 30)
    utc = datetime(2026, 3, 11, 3, 30, tzinfo=UTC)  # the same instant
    assert utc == local
    result = CAL.add_working_time(utc, 2 * H)
    assert result == CAL.add_working_time(local, 2 * H) == at(2026, 3, 11, 14, 0)
    assert result == datetime(2026, 3, 11, 7, 0, tzinfo=UTC)
    assert result.tzinfo == VN
    assert (result.hour, result.minute) == (14, 0)


def test_utc_date_differs_from_local_date() -> None:
    # 17:30 UTC Thursday is 00:30 Friday in Vietnam: counting starts Friday 07:30, not Thursday.
    utc = datetime(2026, 3, 12, 17, 30, tzinfo=UTC)
    assert CAL.add_working_time(utc, H) == at(2026, 3, 13, 8, 30)
    assert CAL.next_working_moment(utc) == at(2026, 3, 13, 7, 30)
    # 01:00 UTC Saturday is 08:00 Saturday locally: not working.
    assert not CAL.is_working_moment(datetime(2026, 3, 14, 1, 0, tzinfo=UTC))
    # 02:00 UTC Friday is 09:00 Friday locally: working.
    assert CAL.is_working_moment(datetime(2026, 3, 13, 2, 0, tzinfo=UTC))


def test_naive_datetimes_are_rejected() -> None:
    naive = datetime(2026, 3, 11, 10, 30)
    aware = at(2026, 3, 11, 10, 30)
    calls = [
        lambda: CAL.add_working_time(naive, H),
        lambda: CAL.add_working_days(naive, 1),
        lambda: CAL.working_time_between(naive, aware),
        lambda: CAL.working_time_between(aware, naive),
        lambda: CAL.next_working_moment(naive),
        lambda: CAL.is_working_moment(naive),
    ]
    for call in calls:
        with pytest.raises(ValueError, match="timezone-aware"):
            call()


# -- working_time_between -----------------------------------------------------------------------


def test_working_time_between_examples() -> None:
    assert CAL.working_time_between(at(2026, 3, 13, 16, 0), at(2026, 3, 16, 8, 30)) == 2 * H
    assert CAL.working_time_between(at(2026, 3, 9), at(2026, 3, 16)) == 40 * H  # a full week
    assert CAL.working_time_between(at(2026, 3, 11, 12, 0), at(2026, 3, 11, 12, 45)) == 0 * H
    assert CAL.working_time_between(at(2026, 3, 11, 9, 0), at(2026, 3, 11, 9, 0)) == 0 * H
    # Half-open: [11:00, 11:30) counts 30 min; the period end itself adds nothing.
    assert CAL.working_time_between(at(2026, 3, 11, 11, 0), at(2026, 3, 11, 13, 0)) == H / 2


def test_working_time_between_is_negative_when_reversed() -> None:
    assert CAL.working_time_between(at(2026, 3, 16, 8, 30), at(2026, 3, 13, 16, 0)) == -2 * H


STARTS = [
    at(2026, 3, 11, 10, 30),
    at(2026, 3, 11, 11, 30),  # a period end
    at(2026, 3, 11, 12, 15),  # lunch break
    at(2026, 3, 13, 16, 59),
    at(2026, 3, 14, 9, 0),  # Saturday
    at(2026, 2, 12, 20, 0),  # evening before the last working day before Tết
    at(2026, 2, 18, 9, 0),  # during Tết
    at(2026, 8, 21, 13, 0),  # before the working Saturday
    at(2026, 8, 28, 9, 0),  # before the National Day bridge
    at(2026, 12, 30, 15, 0),  # across New Year into 2027
    datetime(2027, 2, 3, 1, 2, 3, 456789, tzinfo=UTC),
]
AMOUNTS = [
    timedelta(0),
    timedelta(microseconds=1),
    timedelta(minutes=1),
    timedelta(minutes=30),
    H,
    4 * H,
    8 * H,
    timedelta(hours=37, minutes=13, seconds=7),
    3 * 8 * H,
    10 * 8 * H,
    1000 * 8 * H,  # about four years: must not loop minute by minute
]


@pytest.mark.parametrize("start", STARTS, ids=lambda s: s.isoformat())
@pytest.mark.parametrize("amount", AMOUNTS, ids=str)
def test_working_time_between_inverts_add_working_time(start: datetime, amount: timedelta) -> None:
    end = CAL.add_working_time(start, amount)
    assert end >= start
    assert CAL.working_time_between(start, end) == amount
    assert CAL.working_time_between(end, start) == -amount
    if amount:
        # The result is the earliest such moment: a moment earlier has less working time.
        assert CAL.working_time_between(start, end - timedelta(microseconds=1)) < amount


def test_counting_starts_at_the_next_working_moment() -> None:
    for start in STARTS:
        assert CAL.add_working_time(start, H) == CAL.add_working_time(
            CAL.next_working_moment(start), H
        )
