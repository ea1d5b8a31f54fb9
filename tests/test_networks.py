import pytest

from socialtrend.networks import LIMITS, Network, extract_hashtags, text_length


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello", 5),
        ("see https://example.com/a/very/long/path/that/x/shortens", 4 + 23),
        ("😀", 2),
        ("日本語", 6),
        ("", 0),
    ],
)
def test_x_counts_weighted_characters(text, expected):
    assert text_length(Network.X, text) == expected


def test_other_networks_count_code_points():
    text = "see https://example.com/long 😀"

    assert text_length(Network.LINKEDIN, text) == len(text) == 30
    assert text_length(Network.INSTAGRAM, text) == 30


def test_extract_hashtags_ignores_mid_word_and_doubled_marks():
    assert extract_hashtags("#one two#three #four_five, ##six #seven7 (#eight)") == [
        "one",
        "four_five",
        "seven7",
        "eight",
    ]


def test_every_network_has_limits():
    assert set(LIMITS) == set(Network.values)
    assert LIMITS[Network.X].max_length == 280
    assert LIMITS[Network.INSTAGRAM].max_hashtags == 30
