"""Deleting media while a draft that uses it is being scheduled, on PostgreSQL: the
deletion waits for the edit's lock and then sees a scheduled post, so the post keeps
its media."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from posts.models import Delivery, Media, Post
from posts.services import media as media_services
from posts.services import posts as post_services
from socialtrend.errors import ConflictError
from tests.factories import SocialAccountFactory
from tests.fakes.server import wait_for
from tests.posts.helpers import make_media, make_post
from tests.posts.test_dispatch_race import waiting_for_locks


@pytest.mark.postgres
def test_media_deletion_waits_for_a_draft_being_scheduled_and_keeps_the_media(postgres, transactional_db):
    account = SocialAccountFactory()
    media = make_media(account.owner)
    draft = make_post(accounts=[account], media_ids=[media.pk])
    post_services.post_update(post=draft, scheduled_at=None)
    outcome: list[BaseException | None] = []

    def delete() -> None:
        try:
            media_services.media_delete(media=Media.objects.get(pk=media.pk))
            outcome.append(None)
        except ConflictError as exc:
            outcome.append(exc)
        finally:
            connection.close()

    deleting = threading.Thread(target=delete)
    with transaction.atomic():
        post_services.post_update(post=Post.objects.get(pk=draft.pk), scheduled_at=timezone.now() + timedelta(hours=1))
        deleting.start()
        assert wait_for(lambda: waiting_for_locks() == 1, timeout=10), "the deletion never waited for the edit"
    deleting.join(timeout=30)

    assert len(outcome) == 1 and isinstance(outcome[0], ConflictError), outcome
    assert "(scheduled), so it is kept" in str(outcome[0])
    assert Media.objects.filter(pk=media.pk).exists()
    assert list(Post.objects.get(pk=draft.pk).media.values_list("pk", flat=True)) == [media.pk]
    assert Delivery.objects.get(post=draft).due_at is not None
