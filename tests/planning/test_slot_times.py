"""Slot times from the weekly rules: local wall times kept across daylight-saving changes."""

from datetime import UTC, datetime, time
from itertools import islice
from zoneinfo import ZoneInfo

import pytest

from planning.selectors import slot_times

NINE_DAILY = [(day, time(9, 0)) for day in range(7)]


def first(n: int, slots, zone: str, after: datetime) -> list[datetime]:
    return list(islice(slot_times(slots, timezone=zone, after=after), n))


@pytest.mark.parametrize(
    ("zone", "before", "after_change"),
    [
        # Europe/Paris: CET (+1) to CEST (+2) on 28 March 2027, back on 31 October 2027.
        ("Europe/Paris", datetime(2027, 3, 27, 8, tzinfo=UTC), datetime(2027, 3, 28, 7, tzinfo=UTC)),
        ("Europe/Paris", datetime(2027, 10, 30, 7, tzinfo=UTC), datetime(2027, 10, 31, 8, tzinfo=UTC)),
        # America/New_York: EST (-5) to EDT (-4) on 14 March 2027, back on 7 November 2027.
        ("America/New_York", datetime(2027, 3, 13, 14, tzinfo=UTC), datetime(2027, 3, 14, 13, tzinfo=UTC)),
        ("America/New_York", datetime(2027, 11, 6, 13, tzinfo=UTC), datetime(2027, 11, 7, 14, tzinfo=UTC)),
    ],
)
def test_a_nine_oclock_slot_stays_nine_oclock_across_the_change(zone, before, after_change):
    times = first(2, NINE_DAILY, zone, after=before.replace(hour=0))
    assert times == [before, after_change]
    assert {t.astimezone(ZoneInfo(zone)).strftime("%H:%M") for t in times} == {"09:00"}


def test_a_slot_in_the_skipped_hour_goes_out_at_the_same_instant_as_the_hour_after():
    # 02:30 does not exist in Paris on 28 March 2027: the clock jumps from 02:00 to 03:00.
    slots = [(6, time(2, 30))]  # Sundays
    (when,) = first(1, slots, "Europe/Paris", after=datetime(2027, 3, 27, tzinfo=UTC))
    assert when.astimezone(UTC) == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    assert when.astimezone(ZoneInfo("Europe/Paris")).strftime("%H:%M") == "03:30"


def test_a_slot_in_the_repeated_hour_takes_the_first_of_the_two():
    slots = [(6, time(2, 30))]
    (when,) = first(1, slots, "Europe/Paris", after=datetime(2027, 10, 30, tzinfo=UTC))
    assert when.astimezone(UTC) == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # 02:30 CEST, not 02:30 CET


def test_slots_come_in_order_across_days_and_times_and_only_after_the_start():
    slots = [(0, time(17, 0)), (0, time(9, 0)), (2, time(12, 30))]  # Monday 09:00 and 17:00, Wednesday 12:30
    start = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)  # a Monday, 09:00 exactly: not "after"
    assert first(4, slots, "UTC", after=start) == [
        datetime(2027, 1, 4, 17, 0, tzinfo=UTC),
        datetime(2027, 1, 6, 12, 30, tzinfo=UTC),
        datetime(2027, 1, 11, 9, 0, tzinfo=UTC),
        datetime(2027, 1, 11, 17, 0, tzinfo=UTC),
    ]


def test_no_slots_means_no_times():
    assert first(1, [], "UTC", after=datetime(2027, 1, 1, tzinfo=UTC)) == []
