"""The trend sources: the networks that have one (the network registry says which),
built with the keywords this project tracks. The one place trends reach the registry.
"""

from django.conf import settings

import networks
from networks.trends import KeywordHistorySource, TrendSource
from socialtrend.errors import ApplicationError


def source_names() -> list[str]:
    return [spec.name for spec in networks.trend_specs()]


def source_choices() -> list[tuple[str, str]]:
    return [(spec.name, spec.trends.label) for spec in networks.trend_specs()]


def source_label(name: str) -> str:
    return dict(source_choices()).get(name, name)


def source_method(name: str) -> str:
    return networks.get(name).trends.method


def source_interval(name: str) -> int:
    """Seconds between two refreshes (the network's own setting)."""
    return getattr(settings, networks.get(name).trends.interval_setting)


def source_enabled(name: str) -> bool:
    return networks.trend_source_enabled(name)


def enabled_sources() -> list[str]:
    return [name for name in source_names() if source_enabled(name)]


def build_source(name: str) -> TrendSource:
    # Imported on use: selectors import this module, and selectors import nothing heavy.
    from trends.selectors import tracked_keywords

    if name not in source_names():
        raise ApplicationError(f'Unknown trend source "{name}".', field="source")
    return networks.trend_source(name, keywords=tracked_keywords())


def history_source(name: str) -> KeywordHistorySource:
    """The source as a keyword-history provider, for backfill."""
    source = build_source(name)
    if not isinstance(source, KeywordHistorySource):
        raise ApplicationError(f'The "{name}" source cannot tell past interest.', field="source")
    return source
