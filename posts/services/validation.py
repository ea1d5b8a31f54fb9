"""Per-network checks on a post before anything is stored.

Every problem is reported at once, each under the input field at fault:
`caption`, `variants.<account id>`, `media_ids`, `options.<account id>.title`.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from accounts.models import SocialAccount
from posts.publishers.options import network_option_errors
from socialtrend.errors import ApplicationError
from socialtrend.networks import LIMITS, extract_hashtags, media_mix_problem, text_length


def validate_for_networks(
    *,
    accounts: Sequence[SocialAccount],
    caption: str,
    variants: Mapping[int, str],
    options: Mapping[int, Mapping[str, Any]],
    media_kinds: Sequence[str],
) -> None:
    """`media_kinds` are the post's media in order, each "image" or "video"."""
    errors: dict[str, list[str]] = {}
    media_count = len(media_kinds)
    for account in accounts:
        limits = LIMITS[account.network]
        name = account.get_network_display()
        text = variants.get(account.pk) or caption
        text_field = f"variants.{account.pk}" if variants.get(account.pk) else "caption"
        length = text_length(account.network, text)
        if length > limits.max_length:
            _add(errors, text_field, f"{name} allows {limits.max_length} characters; this text counts {length}.")
        hashtags = len(extract_hashtags(text))
        if limits.max_hashtags is not None and hashtags > limits.max_hashtags:
            _add(errors, text_field, f"{name} allows {limits.max_hashtags} hashtags; this text has {hashtags}.")
        if limits.requires_media and media_count == 0:
            _add(errors, "media_ids", f"{name} needs at least one media item.")
        if media_count > limits.max_media:
            _add(errors, "media_ids", f"{name} allows {limits.max_media} media items; this post has {media_count}.")
        if problem := media_mix_problem(account.network, media_kinds):
            _add(errors, "media_ids", problem)
        if not text and media_count == 0:
            _add(errors, text_field, "A post needs a caption or at least one media item.")
        for option, message in network_option_errors(
            account=account, options=options.get(account.pk, {}), media_count=media_count
        ).items():
            _add(errors, f"options.{account.pk}.{option}", message)
        title = str(options.get(account.pk, {}).get("title", ""))
        if limits.title_max_length is not None and len(title) > limits.title_max_length:
            _add(
                errors,
                f"options.{account.pk}.title",
                f"{name} titles allow {limits.title_max_length} characters; this one has {len(title)}.",
            )
    if errors:
        raise ApplicationError(errors=errors)


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    if message not in errors.setdefault(field, []):
        errors[field].append(message)
