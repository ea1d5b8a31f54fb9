"""A raw HTTP server on loopback that answers badly on purpose: a body dripped one byte
at a time, headers dripped the same way, or a huge body streamed as fast as it goes.

Each answer is bounded (bytes and seconds) and stops when the client hangs up, so no
thread outlives its test for long. `sent` counts the bytes each answer got out.
"""

import socket
import threading
import time
from collections.abc import Iterator

import pytest


class SlowServer:
    def __init__(self, mode: str, *, interval: float = 0.2, drip_bytes: int = 40, huge_bytes: int = 300 * 1024**2):
        self.mode = mode
        self.interval = interval
        self.drip_bytes = drip_bytes
        self.huge_bytes = huge_bytes
        self.sent: list[int] = []
        self.requests = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}/hook"

    def close(self) -> None:
        self._stopping.set()
        self._accepting.join(timeout=5)
        for thread in self._threads:
            thread.join(timeout=5)
        self._listener.close()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._answer, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _answer(self, conn: socket.socket) -> None:
        sent = 0
        with conn:
            try:
                self._read_request(conn)
                self.requests += 1
                for piece in self._pieces():
                    if self._stopping.is_set():
                        break
                    conn.sendall(piece)
                    sent += len(piece)
            except OSError:
                pass  # the client hung up: what it was meant to do
        self.sent.append(sent)

    @staticmethod
    def _read_request(conn: socket.socket) -> None:
        conn.settimeout(5)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lengths = [
            line.split(b":", 1)[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")
        ]
        length = int(lengths[0]) if lengths else 0
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                return
            body += chunk

    def _pieces(self) -> Iterator[bytes]:
        if self.mode == "drip-body":
            yield f"HTTP/1.1 200 OK\r\nContent-Length: {self.drip_bytes}\r\nConnection: close\r\n\r\n".encode()
            for _ in range(self.drip_bytes):
                time.sleep(self.interval)  # the server's slowness, not the test waiting
                yield b"x"
        elif self.mode == "drip-headers":
            for _ in range(self.drip_bytes):
                time.sleep(self.interval)
                yield b"X"  # never finishes the status line
        elif self.mode == "huge-body":
            yield f"HTTP/1.1 200 OK\r\nContent-Length: {self.huge_bytes}\r\nConnection: close\r\n\r\n".encode()
            block = b"ok " * (64 * 1024 // 3)
            for _ in range(self.huge_bytes // len(block)):
                yield block
        else:
            raise ValueError(self.mode)


@pytest.fixture
def slow_server():
    servers: list[SlowServer] = []

    def start(mode: str, **kwargs) -> SlowServer:
        server = SlowServer(mode, **kwargs)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()
