"""The SPA's HTML shell, served for every path the SPA routes itself.

`npm run build` writes the assets to frontend/dist (served under /static/) and
Vite's manifest, which names the entry script, its CSS and the chunks to
preload. Django renders templates/spa.html with those names, so the shell
goes through the template engine and `static()` (hashed names in production).
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

ENTRY = "index.html"


@dataclass(frozen=True)
class SpaAssets:
    script: str
    styles: tuple[str, ...]
    preloads: tuple[str, ...]


@lru_cache(maxsize=4)
def _read_manifest(path: Path, mtime_ns: int) -> SpaAssets:
    # mtime_ns is part of the cache key: a rebuild during `make run` is picked up.
    manifest = json.loads(path.read_text(encoding="utf-8"))
    entry = manifest[ENTRY]
    return SpaAssets(
        script=static(entry["file"]),
        styles=tuple(static(css) for css in entry.get("css", [])),
        preloads=tuple(static(manifest[name]["file"]) for name in entry.get("imports", [])),
    )


def spa_assets() -> SpaAssets | None:
    path = Path(settings.SPA_MANIFEST)
    try:
        mtime_ns = path.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    return _read_manifest(path, mtime_ns)


@require_safe
@never_cache
def spa_shell(request: HttpRequest) -> HttpResponse:
    assets = spa_assets()
    if assets is None:
        return render(request, "spa_missing.html", status=503)
    return render(request, "spa.html", {"assets": assets})
