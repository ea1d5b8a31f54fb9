"""Per-network checks on a post before anything is stored.

Every problem is reported at once, each under the input field at fault:
`caption`, `variants.<account id>`, `media_ids`, `options.<account id>.title`.
Options are checked against the network's declared ones (`NetworkSpec.options`):
an undeclared name, a value that is not text, a URL no connection could use, a
choice outside its choices or a text over its length is refused.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError

import networks
from accounts.models import SocialAccount
from networks.spec import NetworkSpec, Option, extract_hashtags
from socialtrend.errors import ApplicationError
from socialtrend.validators import text_problem, validate_http_url


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
        for option, message in _option_errors(spec, options.get(account.pk, {}), account, media_count).items():
            _add(errors, f"options.{account.pk}.{option}", message)
    if errors:
        raise ApplicationError(errors=errors)


def _option_errors(
    spec: NetworkSpec, values: Mapping[str, Any], account: SocialAccount, media_count: int
) -> dict[str, str]:
    """One message per option at fault. Names and types come from the network's declared
    options; the network's own checks then see only well-formed values, and have the first
    word on them; the declared kind and limits have the last."""
    declared = {option.name: option for option in spec.options}
    errors: dict[str, str] = {}
    for key, value in values.items():
        option = declared.get(key)
        if option is None:
            known = f"; its options are {', '.join(declared)}" if declared else ""
            errors[key] = f"{spec.label} has no option named {key}{known}."
        elif value is not None and not isinstance(value, str):
            errors[key] = f"The {spec.label} {option.label.lower()} must be text."
        elif value and (problem := text_problem(value)):
            errors[key] = problem
    well_formed = {key: value for key, value in values.items() if key not in errors}
    network = spec.option_errors(well_formed, account_remote_id=account.remote_id, media_count=media_count)
    errors.update({key: message for key, message in network.items() if key not in errors})
    for key, value in well_formed.items():
        if key not in errors and value and (problem := _kind_problem(spec, declared[key], value)):
            errors[key] = problem
    return errors


def _kind_problem(spec: NetworkSpec, option: Option, value: str) -> str | None:
    name = f"{spec.label} {option.label.lower()}"
    if option.kind == "url":
        try:
            validate_http_url(value)
        except DjangoValidationError as exc:
            return f"{name}: {exc.messages[0]}"
    if option.kind == "choice" and value not in {choice for choice, _ in option.choices}:
        return f"{name} must be one of {', '.join(choice for choice, _ in option.choices)}."
    if option.max_length is not None and len(value) > option.max_length:
        return f"{name}s allow {option.max_length} characters; this one has {len(value)}."
    return None


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    if message not in errors.setdefault(field, []):
        errors[field].append(message)
