"""Celery wrappers for connected accounts."""

from celery import shared_task

from accounts import services


@shared_task
def social_accounts_refresh_due() -> int:
    """Beat: refresh tokens that expire within TOKEN_REFRESH_WINDOW_HOURS."""
    return services.social_accounts_refresh_due()
