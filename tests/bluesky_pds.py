"""A real Bluesky PDS for the tests: `tests/pds/` (the reference @atproto/pds with its PLC
directory, installed by `npm ci` there) started on loopback for the test session.

`BLUESKY_PDS_DIR` names another folder holding the same install (`node_modules/` and
`start.mjs`). Without an install the tests that need it skip, and fail in CI.
"""

import os
import secrets
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest
import requests

HERE = Path(__file__).resolve().parent
# Loading @atproto/dev-env takes under a second on an idle machine, half a minute on a busy one.
START_DEADLINE = 120.0


@dataclass(frozen=True)
class PdsAccount:
    did: str
    handle: str
    password: str  # the account's own password
    app_password: str  # what a person gives SocialTrend
    access_jwt: str


@dataclass(frozen=True)
class Pds:
    url: str

    def xrpc(self, method: str, nsid: str, *, token: str = "", **kwargs) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return requests.request(method, f"{self.url}/xrpc/{nsid}", headers=headers, timeout=10, **kwargs)

    def create_account(self, name: str = "") -> PdsAccount:
        """A new account (com.atproto.server.createAccount) with an app password."""
        handle = f"{name or 'user'}{secrets.token_hex(3)}.test"
        password = secrets.token_urlsafe(12)
        created = self.xrpc(
            "POST",
            "com.atproto.server.createAccount",
            json={"handle": handle, "email": f"{handle}@example.com", "password": password},
        )
        created.raise_for_status()
        session = created.json()
        app = self.xrpc(
            "POST", "com.atproto.server.createAppPassword", token=session["accessJwt"], json={"name": "socialtrend"}
        )
        app.raise_for_status()
        return PdsAccount(session["did"], handle, password, app.json()["password"], session["accessJwt"])

    def records(self, account: PdsAccount) -> list[dict]:
        listed = self.xrpc(
            "GET", "com.atproto.repo.listRecords", params={"repo": account.did, "collection": "app.bsky.feed.post"}
        )
        listed.raise_for_status()
        return listed.json()["records"]


def install_dir() -> Path:
    return Path(os.environ.get("BLUESKY_PDS_DIR") or HERE / "pds")


def start(folder: Path) -> Iterator[Pds]:
    """Run the PDS until the generator is closed; its log goes to a temporary file, shown on failure."""
    bin_dir = folder / "node_modules" / ".bin"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    with tempfile.TemporaryFile() as log:
        # stdin stays open: when this process dies, the PDS sees it close and stops itself.
        process = subprocess.Popen(
            [str(bin_dir / "node"), "start.mjs"],
            cwd=folder,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
        try:
            yield Pds(_wait_until_healthy(process, log))
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_healthy(process: subprocess.Popen, log: IO[bytes]) -> str:
    deadline = time.monotonic() + START_DEADLINE
    first_line: list[str] = []
    reader = threading.Thread(target=lambda: first_line.append(process.stdout.readline().strip()), daemon=True)
    reader.start()
    reader.join(timeout=START_DEADLINE)
    url = first_line[0] if first_line else ""
    while url and time.monotonic() < deadline and process.poll() is None:
        try:
            if requests.get(f"{url}/xrpc/_health", timeout=2).ok:
                return url
        except requests.ConnectionError:
            pass
        time.sleep(0.1)  # polling the server's health with a deadline, not waiting for work
    log.seek(0)
    pytest.fail(f"the Bluesky PDS did not start within {START_DEADLINE:g} s:\n{log.read().decode()[-3000:]}")
