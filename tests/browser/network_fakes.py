"""Fakes of the OAuth networks the browser tests connect to, served for the whole session on
loopback so that the stack (web and worker, other processes) reaches them: Facebook Pages,
Threads and LinkedIn (with pages). Each consent page says "Allow" at once and sends the
browser back to the stack's callback, as the network would after a click."""

import re
from dataclasses import dataclass, field

from pytest_httpserver import HTTPServer

from tests.fakes.facebook import VIDEO_HOST, FakeFacebook
from tests.fakes.linkedin import FakeLinkedIn
from tests.fakes.server import FakeAPI, FakeServer
from tests.fakes.threads import FakeThreads

LINKEDIN_VERSION = "202609"


@dataclass
class NetworkFakes:
    facebook: FakeFacebook = field(default_factory=FakeFacebook)
    threads: FakeThreads = field(default_factory=FakeThreads)
    linkedin: FakeLinkedIn = field(default_factory=FakeLinkedIn)
    servers: list[HTTPServer] = field(default_factory=list)

    def start(self) -> None:
        for fake in (self.facebook, self.threads, self.linkedin):
            fake.avatar_host = ""
        self.facebook.base_url = self._serve(self.facebook)
        self.threads.base_url = self._serve(self.threads)
        self.linkedin.base_url = self._serve(self.linkedin)

    def stop(self) -> None:
        for server in self.servers:
            server.clear()
            if server.is_running():
                server.stop()

    def _serve(self, fake: FakeAPI) -> str:
        """One port per fake: each answers at its root, as the real API does at its host."""
        server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        server.start()
        self.servers.append(server)
        router = FakeServer(server)
        router.install(fake)
        server.expect_request(re.compile(".*")).respond_with_handler(router.handle)  # every path, all session
        return router.base_url

    def env(self, site: str) -> dict[str, str]:
        """The stack's settings that point each network at its fake, as an operator would set them."""
        callback = f"{site}/api/v1/social-accounts/callback"
        facebook, threads, linkedin = self.facebook, self.threads, self.linkedin
        return {
            "FACEBOOK_CLIENT_ID": facebook.client_id,
            "FACEBOOK_CLIENT_SECRET": facebook.client_secret,
            "FACEBOOK_REDIRECT_URI": f"{callback}/facebook/",
            "FACEBOOK_DIALOG_URL": facebook.base_url,
            "FACEBOOK_GRAPH_URL": facebook.base_url,
            "FACEBOOK_GRAPH_VIDEO_URL": facebook.base_url + VIDEO_HOST,
            "FACEBOOK_GRAPH_VERSION": "v24.0",
            "THREADS_CLIENT_ID": threads.client_id,
            "THREADS_CLIENT_SECRET": threads.client_secret,
            "THREADS_REDIRECT_URI": f"{callback}/threads/",
            "THREADS_AUTHORIZE_URL": f"{threads.base_url}/oauth/authorize",
            "THREADS_GRAPH_URL": threads.base_url,
            "THREADS_POLL_INTERVAL": "0.2",
            "LINKEDIN_CLIENT_ID": linkedin.client_id,
            "LINKEDIN_CLIENT_SECRET": linkedin.client_secret,
            "LINKEDIN_REDIRECT_URI": f"{callback}/linkedin/",
            "LINKEDIN_AUTHORIZE_URL": f"{linkedin.base_url}/oauth/v2/authorization",
            "LINKEDIN_OAUTH_URL": f"{linkedin.base_url}/oauth/v2",
            "LINKEDIN_API_URL": linkedin.base_url,
            "LINKEDIN_VERSION": LINKEDIN_VERSION,
            "LINKEDIN_PAGES": "1",
        }
