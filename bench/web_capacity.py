"""Web capacity: the calendar, cheap polls and captions off the web workers, under gunicorn.

Needs PostgreSQL and Redis (the production shape) and a load tool, Debian's
`wrk` (`apt-get install wrk`):

    DATABASE_URL=postgres://... REDIS_URL=redis://... DJANGO_SECRET_KEY=... JWT_SIGNING_KEY=... \\
        .venv/bin/python bench/web_capacity.py [--workers 2 --threads 4 --connections 8 --seconds 10 --rounds 3]

It migrates the database, gives one bench user 10,000 posts (852 of them in
one month, one to three deliveries each), starts gunicorn (DEBUG off) and
measures, in one run:

- the month view (`GET /api/v1/posts/calendar/` for that month, a full answer
  every time) beside `GET /api/v1/auth/me/` at the same connections: requests
  per second, p50 and p99, and the ratio (target >= 200/s, p99 <= 50 ms,
  ratio >= 0.7);
- an unchanged poll (the month with `If-None-Match`, 304) at one connection:
  its latency is the server time plus a loopback round trip (target <= 5 ms);
- captions: a Celery worker and a fake model that answers after 30 s; the
  `/auth/me/` rate alone, then while 10 caption requests wait for the model
  (target >= 90 %), and when the captions arrived.

Its data belongs to one bench user, removed before and after the run.
"""

import argparse
import json
import logging
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialtrend.settings")
# This process times polls in-process too, and gunicorn inherits the environment: no 429s.
os.environ["THROTTLE_USER_RATE"] = "100000000/min"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from rest_framework_simplejwt.tokens import RefreshToken  # noqa: E402

from accounts.models import SocialAccount, User  # noqa: E402
from captions.models import CaptionRequest  # noqa: E402
from posts.models import Delivery, Post  # noqa: E402
from tests.fakes.openai_server import FAKE_API_KEY, FakeOpenAI  # noqa: E402

BENCH_EMAIL = "bench-web@socialtrend.local"
NETWORKS = ["x", "linkedin", "reddit"]
MONTH = datetime(2027, 3, 1, tzinfo=UTC)
MONTH_END = datetime(2027, 4, 1, tzinfo=UTC)
S = Delivery.Status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=10_000, help="posts of the bench user")
    parser.add_argument("--in-month", type=int, default=852, help="of which in the measured month")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="alternated runs of me and the month view")
    parser.add_argument("--captions", type=int, default=10, help="caption requests at once")
    parser.add_argument("--model-latency", type=float, default=30.0, help="seconds the fake model takes")
    parser.add_argument("--keep", action="store_true", help="keep the bench data for inspection")
    args = parser.parse_args()

    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        sys.exit("web_capacity needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL).")
    call_command("migrate", "--noinput", verbosity=0)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the fake model's request lines
    owner = seed(args.posts, args.in_month)
    token = str(RefreshToken.for_user(owner).access_token)
    model = FakeOpenAI(latency=args.model_latency).start(0)
    env = server_env(model)
    port = free_port()
    print_settings(args)
    processes = [start_gunicorn(args, env, port), start_worker(env)]
    try:
        base = f"http://127.0.0.1:{port}/api/v1"
        wait_for(f"{base}/auth/me/", token)
        month = f"{base}/posts/calendar/?from={MONTH.isoformat()}&to={MONTH_END.isoformat()}".replace("+", "%2B")
        month_view(args, base, month, token)
        unchanged_poll(args, month, token)
        captions(args, base, token, owner)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        model.stop()
        if not args.keep:
            reset_bench_user(create=False)


def print_settings(args) -> None:
    print(
        f"gunicorn: {args.workers} workers x {args.threads} threads (gthread), DEBUG off; "
        f"wrk: {args.connections} connections, {args.seconds} s per run\n"
        f"machine: {os.cpu_count()} CPUs, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}",
        flush=True,
    )


def server_env(model: FakeOpenAI) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
        "CELERY_TASK_DEFAULT_QUEUE": f"bench-{uuid.uuid4().hex[:8]}",
        "OPENAI_API_KEY": FAKE_API_KEY,
        "OPENAI_BASE_URL": model.base_url,
        "OPENAI_TIMEOUT": "120",
        "CAPTIONS_DAILY_QUOTA": "0",
    }


def start_gunicorn(args, env: dict[str, str], port: int) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "socialtrend.wsgi",
        f"--workers={args.workers}",
        f"--threads={args.threads}",
        "--worker-class=gthread",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file("gunicorn"), stderr=subprocess.STDOUT)


def start_worker(env: dict[str, str]) -> subprocess.Popen:
    # Threads, as the Procfile runs it: a caption task waits on the model, it does not compute.
    command = [sys.executable, "-m", "celery", "-A", "socialtrend", "worker", "--pool=threads"]
    command += ["--concurrency=16", "--loglevel=WARNING"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file("worker"), stderr=subprocess.STDOUT)


def log_file(name: str):
    path = Path(tempfile.gettempdir()) / f"web_capacity-{name}.log"
    print(f"{name} log: {path}", flush=True)
    return path.open("w")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, token: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            request(url, token)
            return
        except OSError:
            time.sleep(0.2)  # gunicorn is still starting
    sys.exit(f"gunicorn did not answer {url} within {timeout:.0f} s")


def request(url: str, token: str, *, body: dict | None = None, headers: dict | None = None):
    data = json.dumps(body).encode() if body is not None else None
    all_headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", **(headers or {})}
    # The bench's own http:// server, never a file: URL.
    ask = urllib.request.Request(url, data=data, headers=all_headers)  # noqa: S310
    with urllib.request.urlopen(ask, timeout=30) as answer:  # noqa: S310
        return answer.status, dict(answer.headers), answer.read()


# --- Phases -------------------------------------------------------------------------------


def month_view(args, base: str, month: str, token: str) -> None:
    status, _, body = request(month, token)
    posts = len(json.loads(body)["posts"])
    print(f"\nmonth view: {posts} posts, {len(body) / 1024:.0f} KiB per answer (status {status})", flush=True)
    # Alternated, with the median of each: the machine's speed drifts (other processes share it).
    runs = [(wrk(args, f"{base}/auth/me/", token), wrk(args, month, token)) for _ in range(args.rounds)]
    me, calendar = median_run([m for m, _ in runs]), median_run([c for _, c in runs])
    report(f"GET /api/v1/auth/me/ (median of {args.rounds})", me)
    report(f"GET /api/v1/posts/calendar/ (month, median of {args.rounds})", calendar)
    ratio = calendar["rps"] / me["rps"]
    print(
        f"  ratio month / me: {ratio:.2f}  (targets: >= 200 requests/s, p99 <= 50 ms, ratio >= 0.7)",
        flush=True,
    )


def unchanged_poll(args, month: str, token: str) -> None:
    _, headers, _ = request(month, token)
    etag = headers["ETag"]
    try:
        request(month, token, headers={"If-None-Match": etag})
        sys.exit("the poll with If-None-Match was answered with a body, not 304")
    except urllib.error.HTTPError as answer:
        if answer.code != 304:
            raise
    poll = wrk(args, month, token, connections=1, headers={"If-None-Match": etag})
    print("\nunchanged poll (If-None-Match -> 304), one connection:", flush=True)
    report("GET /api/v1/posts/calendar/ (month, 304)", poll)
    times = server_times(month, token, etag)
    print(
        f"  server time in-process (Django's handler, every middleware, JWT, throttle, Redis), "
        f"{len(times)} polls: p50 {times[len(times) // 2]:.2f} ms, p99 {times[len(times) * 99 // 100]:.2f} ms  "
        f"(target <= 5 ms)",
        flush=True,
    )


def server_times(url: str, token: str, etag: str, count: int = 1000) -> list[float]:
    """The time Django takes to answer the poll, without gunicorn or the network in front."""
    warnings.filterwarnings("ignore", message="No directory at")  # WhiteNoise: no collected static files here
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_IF_NONE_MATCH=etag, HTTP_HOST="127.0.0.1")
    path = url.split("://", 1)[1].partition("/")[2]
    times = []
    for _ in range(count):
        started = time.perf_counter()
        status = client.get(f"/{path}", secure=True).status_code  # as behind the TLS proxy
        times.append((time.perf_counter() - started) * 1000)
        assert status == 304, status
    return sorted(times)


def captions(args, base: str, token: str, owner: User) -> None:
    print(f"\ncaptions: {args.captions} requests at once, the model answers in {args.model_latency:.0f} s", flush=True)
    alone = wrk(args, f"{base}/auth/me/", token)
    body = {"topic": "Our new espresso blend", "networks": ["x", "linkedin"], "count": 2}
    answers: list[tuple[int, float, str]] = []

    def ask() -> None:
        started = time.monotonic()
        status, headers, _ = request(f"{base}/captions/", token, body=body)
        answers.append((status, time.monotonic() - started, headers.get("Location", "")))

    threads = [threading.Thread(target=ask) for _ in range(args.captions)]
    sent = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    during = wrk(args, f"{base}/auth/me/", token)
    waiting = CaptionRequest.objects.filter(user=owner, status=CaptionRequest.Status.PENDING).count()
    done = wait_for_captions(owner, deadline=sent + args.model_latency * 3 + 60)
    last = time.monotonic() - sent
    after = wrk(args, f"{base}/auth/me/", token)
    # "Usual" is the mean of before and after: the machine's own drift cancels out.
    usual = (alone["rps"] + after["rps"]) / 2
    report("GET /api/v1/auth/me/ before", alone)
    report(f"GET /api/v1/auth/me/ while {waiting} captions wait", during)
    report("GET /api/v1/auth/me/ after", after)
    statuses = sorted({status for status, _, _ in answers})
    slowest = max(seconds for _, seconds, _ in answers)
    print(
        f"  caption requests answered {statuses} in at most {slowest * 1000:.0f} ms; "
        f"me rate while they wait: {during['rps'] / usual:.0%} of before and after  (target >= 90 %)",
        flush=True,
    )
    print(f"  captions written: {done}, the last {last:.1f} s after they were asked for", flush=True)


def wait_for_captions(owner: User, *, deadline: float) -> dict[str, int]:
    requests = CaptionRequest.objects.filter(user=owner)
    while requests.filter(status=CaptionRequest.Status.PENDING).exists() and time.monotonic() < deadline:
        time.sleep(0.5)  # the model answers on its own time; this only watches
    return dict(requests.values_list("status").annotate(n=Count("pk")).order_by())


def wrk(args, url: str, token: str, *, connections: int | None = None, headers: dict | None = None) -> dict:
    connections = connections or args.connections
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{args.seconds}s", "--latency"]
    for name, value in {"Authorization": f"Bearer {token}", **(headers or {})}.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^\s*(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    if set(latency) != {"50", "99"}:
        sys.exit(f"could not read wrk's latency distribution:\n{output}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": milliseconds(latency["50"]),
        "p99": milliseconds(latency["99"]),
        "errors": int(errors.group(1)) if errors else 0,
    }


def median_run(runs: list[dict]) -> dict:
    """The run with the median rate (its latencies with it)."""
    return sorted(runs, key=lambda run: run["rps"])[len(runs) // 2]


def milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def report(label: str, figures: dict) -> None:
    print(
        f"  {label:<48} {figures['rps']:7.1f} requests/s, p50 {figures['p50']:6.2f} ms, "
        f"p99 {figures['p99']:6.2f} ms, non-2xx/3xx {figures['errors']}",
        flush=True,
    )


# --- Data ---------------------------------------------------------------------------------


def reset_bench_user(*, create: bool = True) -> User | None:
    CaptionRequest.objects.filter(user__email=BENCH_EMAIL).delete()
    Post.objects.filter(owner__email=BENCH_EMAIL).delete()
    SocialAccount.objects.filter(owner__email=BENCH_EMAIL).delete()
    User.objects.filter(email=BENCH_EMAIL).delete()
    if not create:
        return None
    return User.objects.create_user(email=BENCH_EMAIL, password=None, name="Bench", timezone="Europe/Paris")


def seed(count: int, in_month: int) -> User:
    """Posts over two years around the month, `in_month` of them inside it; past ones published
    or failed, later ones pending; one to three deliveries each (set-up, not measured)."""
    owner = reset_bench_user()
    accounts = SocialAccount.objects.bulk_create(
        SocialAccount(owner=owner, network=network, handle=f"bench_{network}", remote_id=f"bench:{network}")
        for network in NETWORKS
    )
    outside = count - in_month
    times = [MONTH + (MONTH_END - MONTH) * (i + 0.5) / in_month for i in range(in_month)]
    before, after = outside // 2, outside - outside // 2
    times += [MONTH - timedelta(days=365) * (i + 1) / before for i in range(before)]
    times += [MONTH_END + timedelta(days=365) * (i + 1) / after for i in range(after)]
    posts = Post.objects.bulk_create(
        (
            Post(owner=owner, caption=f"Bench post {i}: what the day brings\nmore text " * 3, scheduled_at=t)
            for i, t in enumerate(times)
        ),
        batch_size=2000,
    )
    deliveries = [
        Delivery(post=post, account=account, network=account.network, due_at=post.scheduled_at, **outcome(post, i))
        for i, post in enumerate(posts)
        for account in accounts[: 1 + i % 3]
        if post.scheduled_at
    ]
    Delivery.objects.bulk_create(deliveries, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {Post._meta.db_table}, {Delivery._meta.db_table}")
    month_posts = Post.objects.filter(owner=owner, scheduled_at__gte=MONTH, scheduled_at__lt=MONTH_END).count()
    print(f"bench user: {len(posts)} posts, {len(deliveries)} deliveries; {month_posts} posts in {MONTH:%B %Y}")
    return owner


def outcome(post: Post, i: int) -> dict:
    """Every third post of the month has ended (published, one in ten failed), the others wait."""
    if i % 3:
        return {"status": S.PENDING}
    when = post.scheduled_at
    if i % 10 == 0:
        return {"status": S.FAILED, "last_error": "The network refused it.", "finished_at": when, "attempts": 1}
    return {"status": S.PUBLISHED, "published_at": when, "finished_at": when, "attempts": 1, "remote_id": str(i)}


if __name__ == "__main__":
    main()
