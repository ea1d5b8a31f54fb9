"""Property: whatever the topic, the offline generator's variants fit their network."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import networks
from captions.composer import compose_variants
from captions.generators.base import CaptionBrief, TargetNetwork, TrendRef
from captions.generators.offline import OfflineCaptionModel
from captions.models import Tone
from networks import text_length
from networks.spec import extract_hashtags

EMOJI_AND_CJK = (
    "\U0001f600\U0001f389\U0001f468\u200d\U0001f469\u200d\U0001f467\u2764\ufe0f\u4e2d\u6587\u65e5\u672c\uac00\u0301"
)
topics = st.one_of(
    st.text(min_size=1, max_size=600),
    st.text(alphabet=st.sampled_from(EMOJI_AND_CJK + " #"), min_size=1, max_size=600),
    st.text(min_size=1, max_size=20).map(lambda word: (word + " ") * 400),  # very long, many words
    st.text(alphabet="ab#", min_size=3000, max_size=6000),  # very long, almost no spaces
    st.builds(lambda a, b: f"{a} https://example.com/{b} {a}", st.text(max_size=200), st.text(max_size=300)),
).filter(str.strip)
hashtags = st.from_regex(r"\w{1,50}", fullmatch=True)


@st.composite
def briefs(draw) -> CaptionBrief:
    names = draw(st.lists(st.sampled_from(networks.publishing_names()), min_size=1, max_size=5, unique=True))
    max_hashtags = draw(st.integers(min_value=0, max_value=30))
    include = draw(st.lists(hashtags, max_size=min(max_hashtags, 5)))
    return CaptionBrief(
        text=draw(topics),
        is_draft=draw(st.booleans()),
        targets=tuple(TargetNetwork(n, networks.get(n).text.max_length, max_hashtags) for n in names),
        tone=draw(st.sampled_from(Tone.values)),
        language=draw(st.sampled_from(["en", "de-AT", "ja"])),
        count=draw(st.integers(min_value=1, max_value=5)),
        trends=tuple(TrendRef(t, "google") for t in draw(st.lists(st.text(min_size=1, max_size=300), max_size=3))),
        hashtags_include=tuple(include),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(brief=briefs())
def test_offline_variants_always_fit_their_network(brief):
    variants, usage = compose_variants(OfflineCaptionModel(), brief)

    assert len(variants) == brief.count * len(brief.targets)
    for variant, target in zip(variants, [t for t in brief.targets for _ in range(brief.count)], strict=True):
        assert variant.network == target.network
        assert variant.limit == target.max_length
        assert variant.length == text_length(target.network, variant.text) <= target.max_length
        assert variant.within_limit
        assert variant.hashtags == extract_hashtags(variant.text)
        assert len(variant.hashtags) <= target.max_hashtags
        assert variant.text.strip()
    assert usage.total_tokens == 0
    assert compose_variants(OfflineCaptionModel(), brief) == (variants, usage)  # deterministic
