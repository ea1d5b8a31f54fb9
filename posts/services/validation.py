"""Per-network checks on a post before anything is stored.

Every problem is reported at once, each under the input field at fault:
`caption`, `variants.<account id>`, `media_ids`, `options.<account id>.title`.
"""

from collections.abc import Mapping, Sequence
from typing import Any

import networks
from accounts.models import SocialAccount
from networks.spec import extract_hashtags
from socialtrend.errors import ApplicationError


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
        spec = networks.get(account.network)
        name = spec.label
        text = variants.get(account.pk) or caption
        text_field = f"variants.{account.pk}" if variants.get(account.pk) else "caption"
        length = spec.text_length(text)
        if length > spec.text.max_length:
            _add(errors, text_field, f"{name} allows {spec.text.max_length} characters; this text counts {length}.")
        hashtags = len(extract_hashtags(text))
        if spec.text.max_hashtags is not None and hashtags > spec.text.max_hashtags:
            _add(errors, text_field, f"{name} allows {spec.text.max_hashtags} hashtags; this text has {hashtags}.")
        if spec.media.required and media_count == 0:
            _add(errors, "media_ids", f"{name} needs at least one media item.")
        if media_count > spec.media.max_items:
            _add(errors, "media_ids", f"{name} allows {spec.media.max_items} media items; this post has {media_count}.")
        if problem := spec.media_mix_problem(media_kinds):
            _add(errors, "media_ids", problem)
        if not text and media_count == 0:
            _add(errors, text_field, "A post needs a caption or at least one media item.")
        account_options = options.get(account.pk, {})
        for option, message in spec.option_errors(
            account_options, account_remote_id=account.remote_id, media_count=media_count
        ).items():
            _add(errors, f"options.{account.pk}.{option}", message)
        title = str(account_options.get("title", ""))
        if spec.title_max_length is not None and len(title) > spec.title_max_length:
            _add(
                errors,
                f"options.{account.pk}.title",
                f"{name} titles allow {spec.title_max_length} characters; this one has {len(title)}.",
            )
    if errors:
        raise ApplicationError(errors=errors)


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    if message not in errors.setdefault(field, []):
        errors[field].append(message)
