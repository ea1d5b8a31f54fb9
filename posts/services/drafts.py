"""Duplicate a post into a new draft; delete a draft or a cancelled post.

Only posts that never published and never will can be deleted: a draft (no
time) or a cancelled post. Anything else has an outcome the person may need
later (what went out, what failed), so it stays; cancel first.
"""

from django.db import transaction

from posts import selectors
from posts.models import Delivery, Post, PostMedia
from socialtrend.errors import ConflictError

DELETABLE = (Post.Status.DRAFT, Post.Status.CANCELLED)


def post_duplicate(*, post: Post) -> Post:
    """A new draft with the post's caption, media in order, and each account still
    connected with its variant and options, whatever the post's status.

    It is not checked against the networks here: a draft is only ever scheduled through
    `post_update`, which checks everything again (the networks' rules or the media may
    have changed since the original was written).
    """
    deliveries = [d for d in post.deliveries.select_related("account").order_by("pk") if d.account.is_active]
    if not deliveries:
        raise ConflictError("None of this post's accounts is connected any more; reconnect one to duplicate it.")
    media_ids = list(PostMedia.objects.filter(post=post).order_by("position").values_list("media_id", flat=True))
    with transaction.atomic():
        copy = Post.objects.create(owner=post.owner, caption=post.caption, scheduled_at=None)
        PostMedia.objects.bulk_create(
            PostMedia(post=copy, media_id=media_id, position=i) for i, media_id in enumerate(media_ids)
        )
        Delivery.objects.bulk_create(
            Delivery(
                post=copy,
                account=d.account,
                network=d.network,
                caption=d.caption,
                options=dict(d.options),
                due_at=None,
            )
            for d in deliveries
        )
    return copy


def post_delete(*, post: Post) -> None:
    """Delete a draft or a cancelled post with its deliveries; 409 naming the status otherwise."""
    with transaction.atomic():
        # Locked first, as an edit locks them, so the post cannot be scheduled while it is checked.
        list(post.deliveries.select_for_update(of=("self",)).values_list("pk", flat=True))
        status = selectors.with_status(Post.objects.filter(pk=post.pk)).values_list("status", flat=True).get()
        if status not in DELETABLE:
            label = Post.Status(status).label.lower()
            raise ConflictError(
                f"Only a draft or a cancelled post can be deleted; this one is {label}. "
                "Cancel it first if it has not been published."
                if status == Post.Status.SCHEDULED
                else f"Only a draft or a cancelled post can be deleted; this one is {label}."
            )
        post.delete()
