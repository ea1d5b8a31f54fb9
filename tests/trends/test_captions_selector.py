import pytest

from tests.factories import UserFactory
from tests.trends.factories import TrendItemFactory
from trends.selectors import trend_list_for_captions

pytestmark = pytest.mark.django_db


def test_given_ids_come_back_in_that_order_and_unknown_ids_are_ignored():
    first, second = TrendItemFactory(latest_score=10), TrendItemFactory(latest_score=90)

    chosen = trend_list_for_captions(user=UserFactory(), ids=[second.id, 987654, first.id, second.id])

    assert chosen == [second, first]
    assert [item.latest_score for item in chosen] == [90, 10]


def test_without_ids_the_top_scored_live_trends():
    TrendItemFactory(title="Gone", latest_score=0)
    for score in (20, 80, 50):
        TrendItemFactory(title=f"Score {score}", latest_score=score)

    chosen = trend_list_for_captions(user=UserFactory(), limit=2)

    assert [item.title for item in chosen] == ["Score 80", "Score 50"]
    assert {"id", "title", "source", "url", "latest_score"} <= set(vars(chosen[0]))
