from datetime import UTC, datetime

import pytest

from socialtrend.humanize import human_bytes, human_time


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 bytes"),
        (512, "512 bytes"),
        (1024, "1 KB"),
        (1536, "1.5 KB"),
        (8 * 2**20, "8 MB"),
        (9961472, "9.5 MB"),
        (2 * 2**30, "2 GB"),
    ],
)
def test_human_bytes(size, text):
    assert human_bytes(size) == text


def test_human_time_is_in_the_users_timezone():
    moment = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
    assert human_time(moment, "Asia/Jakarta") == "1 Dec 2026, 09:00 (Asia/Jakarta)"
    assert human_time(moment, "") == "1 Dec 2026, 02:00 (UTC)"
    assert human_time(moment, "Nowhere/Else") == "1 Dec 2026, 02:00 (UTC)"
