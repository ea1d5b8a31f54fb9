"""Numbers and times as a person reads them, for messages the API returns."""

from datetime import datetime
from zoneinfo import ZoneInfo

_UNITS = ("bytes", "KB", "MB", "GB", "TB")


def human_bytes(size: int) -> str:
    """`8388608` -> "8 MB", `9961472` -> "9.5 MB", `512` -> "512 bytes" (1 KB = 1024 bytes)."""
    value, unit = float(size), 0
    while value >= 1024 and unit < len(_UNITS) - 1:
        value /= 1024
        unit += 1
    if unit == 0:
        return f"{size} bytes"
    text = f"{value:.1f}".removesuffix(".0")
    return f"{text} {_UNITS[unit]}"


def human_time(moment: datetime, timezone_name: str = "UTC") -> str:
    """`2026-12-01T02:00:00Z` in Asia/Jakarta -> "1 Dec 2026, 09:00 (Asia/Jakarta)"."""
    timezone_name = timezone_name or "UTC"
    try:
        zone = ZoneInfo(timezone_name)
    except (KeyError, ValueError):
        zone, timezone_name = ZoneInfo("UTC"), "UTC"
    local = moment.astimezone(zone)
    return f"{local.day} {local:%b %Y, %H:%M} ({timezone_name})"
