import factory
from django.utils import timezone

from trends.models import TrendItem, TrendSnapshot


class TrendItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrendItem

    source = "sandbox"
    key = factory.Sequence(lambda n: f"topic {n}")
    title = factory.LazyAttribute(lambda item: item.key.title())
    url = factory.LazyAttribute(lambda item: f"https://trends.example.com/{item.key.replace(' ', '-')}")
    region = "US"
    category = "technology"
    first_seen_at = factory.LazyFunction(timezone.now)
    last_seen_at = factory.LazyFunction(timezone.now)
    latest_score = 50.0


class TrendSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrendSnapshot

    item = factory.SubFactory(TrendItemFactory)
    captured_at = factory.LazyFunction(timezone.now)
    value = 100.0
    rank = 1
    score = 50.0
    metrics = factory.LazyFunction(dict)
