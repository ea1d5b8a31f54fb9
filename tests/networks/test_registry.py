"""The network registry and the specs the rest of the project reads."""

import pytest

import networks
from networks.spec import GRAPHEMES, GRAPHEMES_LINKS_23, TWITTER_WEIGHTED, extract_hashtags


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
    assert networks.text_length("x", text) == expected


def test_other_networks_count_code_points():
    text = "see https://example.com/long 😀"

    assert networks.text_length("linkedin", text) == len(text) == 30
    assert networks.text_length("instagram", text) == 30


def test_extract_hashtags_ignores_mid_word_and_doubled_marks():
    assert extract_hashtags("#one two#three #four_five, ##six #seven7 (#eight)") == [
        "one",
        "four_five",
        "seven7",
        "eight",
    ]


def test_the_registry_lists_each_network_once_with_its_package_name():
    names = networks.names()
    assert names == [
        "sandbox",
        "instagram",
        "facebook",
        "threads",
        "linkedin",
        "x",
        "reddit",
        "bluesky",
        "mastodon",
        "google",
    ]
    assert [spec.name for spec in networks.all_specs()] == list(networks.NETWORK_PACKAGES)


def test_specs_carry_the_networks_limits():
    assert networks.get("x").text.max_length == 280
    assert networks.get("x").text.counting == TWITTER_WEIGHTED
    assert networks.get("instagram").text.max_hashtags == 30
    assert networks.get("reddit").title_max_length == 300
    assert networks.publishing_names() == [
        "sandbox",
        "instagram",
        "facebook",
        "threads",
        "linkedin",
        "x",
        "reddit",
        "bluesky",
        "mastodon",
    ]
    assert networks.get("mastodon").text.counting == GRAPHEMES_LINKS_23
    assert (networks.get("bluesky").text.max_length, networks.get("bluesky").text.counting) == (300, GRAPHEMES)


def test_every_direct_network_has_a_connector_and_no_other_does():
    for spec in networks.all_specs():
        assert bool(spec.connector) == (spec.connect == "direct"), spec.name


def test_an_unknown_network_is_refused_by_name():
    with pytest.raises(networks.UnknownNetworkError, match="'myspace'"):
        networks.get("myspace")


def test_a_trends_only_network_has_no_publisher():
    with pytest.raises(networks.UnknownNetworkError, match="Google Trends has no publisher"):
        networks.publisher("google")


def test_each_network_names_code_that_exists():
    """Every dotted path in a spec imports: a typo would only show on the first publish otherwise."""
    for spec in networks.all_specs():
        for path in filter(None, [spec.publisher, spec.oauth, spec.connector, spec.trends and spec.trends.source]):
            module, _, attribute = path.rpartition(".")
            assert hasattr(__import__(module, fromlist=[attribute]), attribute), path


def test_network_settings_are_read_into_django_settings(settings):
    declared = {setting.name for spec in networks.all_specs() for setting in spec.settings}
    assert {"X_API_URL", "LINKEDIN_VERSION", "SANDBOX_LATENCY_SECONDS", "TRENDS_GOOGLE_REGIONS"} <= declared
    assert all(hasattr(settings, name) for name in declared)
