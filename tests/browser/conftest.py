"""A real SocialTrend (Django server, Celery worker and beat) on the embedded default,
driven by Debian's chromium through Playwright.

The stack runs once per session in a temporary VAR_DIR, with DATABASE_URL, REDIS_URL
and CELERY_BROKER_URL removed from its environment: SQLite, the filesystem broker and
the local-memory cache, as `make run` on a bare machine. The SPA must be built; the
fixture builds it when frontend/dist has no manifest.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.network_fakes import NetworkFakes
from tests.conftest import require

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PORTS = range(8100, 8200)
START_DEADLINE_SECONDS = 60
SERVICE_VARIABLES = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


def _ensure_spa_built() -> None:
    if (FRONTEND / "dist" / ".vite" / "manifest.json").exists():
        return
    require(shutil.which("npm") is not None, "the browser tests need a built SPA and npm to build it")
    if not (FRONTEND / "node_modules").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=FRONTEND, check=True)
    subprocess.run(["npm", "run", "build"], cwd=FRONTEND, check=True)


def _wait_until_healthy(url: str, processes: list[subprocess.Popen]) -> None:
    deadline = time.monotonic() + START_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                raise RuntimeError(f"{process.args[3:5]} exited with {process.returncode} during start-up")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{url}/healthz did not answer 200 within {START_DEADLINE_SECONDS}s")


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    require(CHROMIUM.exists(), f"the browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM


@dataclass(frozen=True)
class Stack:
    url: str
    env: dict[str, str]

    def manage(self, *args: str) -> str:
        """Run a management command against the stack's database."""
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=True, capture_output=True, text=True
        )
        return done.stdout


@pytest.fixture(scope="session")
def network_fakes() -> Iterator[NetworkFakes]:
    """Facebook Pages, Threads and LinkedIn fakes the stack is configured for (the others stay unconfigured)."""
    fakes = NetworkFakes()
    fakes.start()
    yield fakes
    fakes.stop()


@pytest.fixture(scope="session")
def live_stack(chromium_path, tmp_path_factory, network_fakes) -> Iterator[Stack]:
    """A running web + worker + beat on the embedded default."""
    _ensure_spa_built()
    var_dir = tmp_path_factory.mktemp("var")
    logs = tmp_path_factory.mktemp("logs")
    env = {key: value for key, value in os.environ.items() if key not in SERVICE_VARIABLES}
    # Webhook receivers, the Bluesky PDS and fake Mastodon instances in these tests listen on
    # loopback, which production refuses; every test registers and logs in from the same address,
    # past the default auth rate.
    env.update(
        VAR_DIR=str(var_dir),
        DJANGO_DEBUG="1",
        DJANGO_SETTINGS_MODULE="socialtrend.settings",
        WEBHOOK_ALLOW_PRIVATE_TARGETS="1",
        BLUESKY_ALLOW_PRIVATE_SERVICES="1",
        MASTODON_ALLOW_PRIVATE_INSTANCES="1",
        THROTTLE_AUTH_RATE="1000/min",
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    # Networks that register their callback (Mastodon) need the stack's real address.
    env.update(network_fakes.env(url), PUBLIC_BASE_URL=url)
    commands = {
        "web": [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        "worker": [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "socialtrend",
            "worker",
            "--pool=threads",
            "--concurrency=4",
            "--loglevel=INFO",
        ],
        "beat": [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "socialtrend",
            "beat",
            "--loglevel=INFO",
            "--scheduler",
            "django_celery_beat.schedulers:DatabaseScheduler",
            "--pidfile=",
        ],
    }
    processes = [
        subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=(logs / f"{name}.log").open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for name, command in commands.items()
    ]
    try:
        _wait_until_healthy(url, processes)
        yield Stack(url=url, env=env)
    finally:
        _stop(processes)


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def expected_csp_violations() -> list[str]:
    """URLs a test expects the policy to block (a test appends to it); any other violation fails."""
    return []


@pytest.fixture
def page(browser, live_stack, request, expected_csp_violations):
    """A fresh browser profile per test, in a timezone that is not the server's UTC,
    asking for reduced motion (which the SPA honours). A JavaScript error, a
    Content-Security-Policy violation or an unexpected console error fails the test."""
    context = browser.new_context(
        base_url=live_stack.url,
        viewport={"width": 1280, "height": 860},
        timezone_id="Europe/Paris",
        # Also keeps full-page screenshots still: charts do not animate their resize.
        reduced_motion="reduce",
        locale="en-GB",
    )
    # The stack shares two cores with the rest of the suite: allow slow answers, for actions and assertions.
    context.set_default_timeout(15_000)
    expect.set_options(timeout=15_000)
    # Every Content-Security-Policy violation, whether or not the browser logs it.
    violations: list[str] = []
    context.expose_function("reportCspViolation", lambda text: violations.append(text))
    context.add_init_script(CSP_VIOLATION_RECORDER)
    page = context.new_page()
    errors: list[str] = []
    console_errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    yield page
    context.close()

    def expected(text: str) -> bool:
        return any(url in text for url in expected_csp_violations)

    assert not errors, f"JavaScript errors on the page: {errors}"
    violations = [text for text in violations if not expected(text)]
    assert not violations, f"Content-Security-Policy violations: {violations}"
    console_errors = [text for text in console_errors if not expected(text)]
    csp_logged = [text for text in console_errors if "Content Security Policy" in text]
    assert not csp_logged, f"Content-Security-Policy errors in the console: {csp_logged}"
    unexpected = [text for text in console_errors if not text.startswith(EXPECTED_CONSOLE_ERRORS)]
    assert not unexpected, f"errors in the console: {unexpected}"


# Reports each Content-Security-Policy violation to the test, across navigations and reloads.
CSP_VIOLATION_RECORDER = """
document.addEventListener('securitypolicyviolation', (event) => {
  window.reportCspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""
# What a page may log as an error: the browser's line for an API answer of 4xx, which
# tests provoke on purpose (a wrong password, a form with errors).
EXPECTED_CONSOLE_ERRORS = ("Failed to load resource: the server responded with a status of 4",)


# Headless chromium paints freshly inserted text (FullCalendar's event content) a few
# frames after the DOM has it; a screenshot, unlike an assertion, cannot wait for pixels.
PAINT_SETTLE_MS = 200


class Screenshots:
    """Saves test-artifacts/<test>/<NN>-<name>.png, one per page visited."""

    def __init__(self, page, test_name: str) -> None:
        self.page = page
        self.folder = ARTIFACTS / test_name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.count = 0

    def __call__(self, name: str, *, full_page: bool = True) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        self.page.evaluate("document.fonts.ready")
        self.page.wait_for_timeout(PAINT_SETTLE_MS)
        if full_page:
            # From the top: sticky parts (the sidebar) are drawn where the scroll left them.
            self.page.evaluate("window.scrollTo(0, 0)")
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


@pytest.fixture
def shot(page, request) -> Screenshots:
    return Screenshots(page, request.node.name)
