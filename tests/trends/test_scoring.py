from hypothesis import given
from hypothesis import strategies as st

from trends.scoring import score_batch


def test_rank_and_growth_combine_as_the_docstring_says():
    scored = score_batch([100, 50, 25, 10], [None, 100, 25, 10])

    # rank scores 100, 75, 50, 25; growth scores 100 (new), 25 (halved), 50, 50 (flat)
    assert [s.rank for s in scored] == [1, 2, 3, 4]
    assert [s.score for s in scored] == [100.0, 60.0, 50.0, 32.5]


def test_growth_is_clamped_and_ties_keep_the_sources_order():
    scored = score_batch([10, 10, 500], [10, 10, 1])

    assert [s.rank for s in scored] == [2, 3, 1]
    # 500 from a mean of 1 is capped at +100 % growth; the tied pair is flat.
    assert scored[0].score == round(0.7 * 200 / 3 + 15, 1)
    assert scored[1].score == round(0.7 * 100 / 3 + 15, 1)
    assert scored[2].score == 100.0


def test_a_lone_item_that_collapsed_scores_its_rank_only():
    assert score_batch([0], [40])[0].score == 70.0


@given(st.lists(st.tuples(st.floats(0, 1e9), st.one_of(st.none(), st.floats(0, 1e9))), min_size=1, max_size=50))
def test_scores_stay_between_0_and_100(rows):
    values, means = zip(*rows, strict=True)

    scored = score_batch(list(values), list(means))

    assert all(0 <= s.score <= 100 for s in scored)
    assert sorted(s.rank for s in scored) == list(range(1, len(rows) + 1))
