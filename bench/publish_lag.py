"""Publish lag and burst throughput, with real Celery worker and beat processes.

Needs PostgreSQL and Redis (the production shape):

    DATABASE_URL=postgres://... CELERY_BROKER_URL=redis://... \\
    DJANGO_SECRET_KEY=... JWT_SIGNING_KEY=... FIELD_ENCRYPTION_KEY=... \\
        .venv/bin/python bench/publish_lag.py [--concurrency 2] [--call-threads 32] [--batch 32] [--burst 10000]

It migrates the database, starts the workers (threads pool) and one beat on a
queue of their own, and measures, through the sandbox network:

- trickle: N deliveries spread evenly over S seconds; lag = when the publisher
  was called - the scheduled time (p50/p95/p99/max). Target p99 <= 1.5 s.
- burst: M deliveries due in the same second, sandbox latency 50 ms; total
  time from that second to the last delivery's end, deliveries per second,
  duplicates (deliveries published more than once) and lost (not ended).
  Target <= 20 s, 0 duplicates, 0 lost.

Its data belongs to one bench user, removed before and after the run.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialtrend.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Max  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import SocialAccount, User  # noqa: E402
from networks.sandbox.models import SandboxPublication  # noqa: E402
from posts.models import Delivery, DeliveryAttempt, Post  # noqa: E402

BENCH_EMAIL = "bench@socialtrend.local"
ENDED = [Delivery.Status.PUBLISHED, Delivery.Status.FAILED, Delivery.Status.CANCELLED, Delivery.Status.UNKNOWN]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trickle", type=int, default=300, help="deliveries in the trickle phase")
    parser.add_argument("--over", type=float, default=60.0, help="seconds the trickle is spread over")
    parser.add_argument("--burst", type=int, default=10_000, help="deliveries due in the same second")
    parser.add_argument("--latency", type=float, default=0.05, help="sandbox latency in seconds")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (one per core)")
    parser.add_argument("--pool", choices=["threads", "prefork"], default="threads", help="worker pool")
    parser.add_argument("--concurrency", type=int, default=2, help="threads (or children) per worker")
    parser.add_argument("--call-threads", type=int, default=32, help="network call threads per worker process")
    parser.add_argument("--batch", type=int, default=32, help="deliveries per publish message")
    parser.add_argument("--prefetch", type=int, default=4, help="worker prefetch multiplier")
    parser.add_argument("--keep", action="store_true", help="keep the bench data for inspection")
    args = parser.parse_args()

    if connection.vendor != "postgresql" or not settings.CELERY_BROKER_URL.startswith("redis"):
        sys.exit("publish_lag needs PostgreSQL (DATABASE_URL) and Redis (CELERY_BROKER_URL or REDIS_URL).")
    call_command("migrate", "--noinput", verbosity=0)
    owner = reset_bench_user()
    worker_env = {
        "SANDBOX_LATENCY_SECONDS": str(args.latency),
        "PUBLISH_CALL_THREADS": str(args.call_threads),
        "PUBLISH_MESSAGE_BATCH": str(args.batch),
        "CELERY_WORKER_PREFETCH_MULTIPLIER": str(args.prefetch),
        "CELERY_TASK_DEFAULT_QUEUE": f"bench-{uuid.uuid4().hex[:8]}",
        "LOG_LEVEL": "WARNING",
    }
    print_settings(args, worker_env)
    processes = start_processes(args, worker_env)
    try:
        warm_up(owner)
        trickle(owner, args.trickle, args.over)
        burst(owner, args.burst, processes)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        if not args.keep:
            reset_bench_user(create=False)


def print_settings(args, worker_env: dict[str, str]) -> None:
    caps = settings.PUBLISH_CONCURRENCY
    print(
        f"worker: {args.workers} processes, each --pool={args.pool} --concurrency={args.concurrency}, "
        f"prefetch multiplier {args.prefetch}, {args.call_threads} call threads; beat: 1 (DatabaseScheduler)\n"
        f"dispatcher: every {settings.PUBLISH_DISPATCH_INTERVAL} s, batch {settings.PUBLISH_DISPATCH_BATCH}, "
        f"{args.batch} deliveries per message, "
        f"sandbox cap {caps['sandbox']} in flight; sandbox latency {worker_env['SANDBOX_LATENCY_SECONDS']} s\n"
        f"machine: {os.cpu_count()} CPUs, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}",
        flush=True,
    )


def start_processes(args, worker_env: dict[str, str]) -> list[subprocess.Popen]:
    env = {**os.environ, **worker_env}
    celery = [sys.executable, "-m", "celery", "-A", "socialtrend"]
    worker = [
        *celery,
        "worker",
        f"--pool={args.pool}",
        f"--concurrency={args.concurrency}",
        "--loglevel=WARNING",
    ]
    beat = [*celery, "beat", "--scheduler", "django_celery_beat.schedulers:DatabaseScheduler", "--pidfile="]
    log_path = Path(tempfile.gettempdir()) / f"publish_lag-{worker_env['CELERY_TASK_DEFAULT_QUEUE']}.log"
    log = log_path.open("w")
    print(f"worker and beat logs: {log_path}", flush=True)
    commands = [[*worker, "-n", f"bench{i}@%h"] for i in range(args.workers)] + [[*beat, "--loglevel=WARNING"]]
    return [subprocess.Popen(c, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT) for c in commands]


def cpu_seconds(processes: list[subprocess.Popen]) -> float:
    """User + system CPU time the worker and beat processes (and their pool children) used so far."""
    pids = [p.pid for p in processes]
    total = 0.0
    while pids:
        pid = pids.pop()
        total += process_cpu_seconds(pid)
        pids.extend(int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split())
    return total


def database_cpu_seconds() -> dict[int, float]:
    """CPU time so far of each PostgreSQL backend serving this database, by pid: the
    workers', beat's and this script's (the server runs on this machine; a backend
    that has gone since is not counted)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        pids = [pid for (pid,) in cursor.fetchall()]
    return {pid: process_cpu_seconds(pid) for pid in pids if Path(f"/proc/{pid}").exists()}


def process_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def reset_bench_user(*, create: bool = True) -> User | None:
    Post.objects.filter(owner__email=BENCH_EMAIL).delete()
    User.objects.filter(email=BENCH_EMAIL).delete()
    if not create:
        return None
    return User.objects.create_user(email=BENCH_EMAIL, password=None, name="Bench")


def schedule(owner: User, times: list[datetime], accounts: int = 50) -> list[int]:
    """Bulk-create one post and one sandbox delivery per time (set-up, not measured)."""
    handles = [f"bench{i}" for i in range(accounts)]
    SocialAccount.objects.bulk_create(
        [SocialAccount(owner=owner, network="sandbox", handle=h, remote_id=f"sandbox:{h}") for h in handles],
        ignore_conflicts=True,
    )
    account_ids = list(SocialAccount.objects.filter(owner=owner).values_list("pk", flat=True))
    posts = Post.objects.bulk_create(
        [Post(owner=owner, caption=f"bench {i}", scheduled_at=t) for i, t in enumerate(times)], batch_size=2000
    )
    deliveries = Delivery.objects.bulk_create(
        [
            Delivery(
                post=post,
                account_id=account_ids[i % len(account_ids)],
                network="sandbox",
                due_at=post.scheduled_at,
            )
            for i, post in enumerate(posts)
        ],
        batch_size=2000,
    )
    refresh_statistics()
    return [d.pk for d in deliveries]


def refresh_statistics() -> None:
    """VACUUM ANALYZE the pipeline's tables after set-up.

    Real posts are scheduled long before their time, and autovacuum has
    analyzed them by then. Here they are made seconds before, on a server
    whose autovacuum may be off (CI's is): with the statistics of the
    emptied tables, the planner takes a table of thousands of rows for a
    few and picks plans (sequential scans for foreign-key checks, nested
    loops) no deployment would see.
    """
    tables = [m._meta.db_table for m in (SocialAccount, Post, Delivery, DeliveryAttempt, SandboxPublication)]
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {', '.join(tables)}")


def wait_until_ended(ids: list[int], deadline: float) -> int:
    """Poll until every delivery has ended or the deadline passes; returns how many have not.

    The ids of one bulk insert are consecutive: a range query costs the
    measured processes less than 10,000 bound ids every poll would."""
    assert len(ids) == max(ids) - min(ids) + 1, "expected the consecutive ids of one bulk insert"
    in_flight = Delivery.objects.filter(pk__range=(min(ids), max(ids))).exclude(status__in=ENDED)
    while True:
        open_count = in_flight.count()
        if open_count == 0 or time.monotonic() > deadline:
            return open_count
        time.sleep(0.5)  # the total is read from the rows' end times, not from this poll


def warm_up(owner: User) -> None:
    ids = schedule(owner, [timezone.now()], accounts=1)
    if wait_until_ended(ids, time.monotonic() + 120):
        sys.exit("warm-up delivery was not published within 120 s: is the worker running?")
    Post.objects.filter(owner=owner).delete()


def trickle(owner: User, count: int, over: float) -> None:
    start = timezone.now() + timedelta(seconds=3)
    step = over / count
    ids = schedule(owner, [start + timedelta(seconds=i * step) for i in range(count)])
    not_ended = wait_until_ended(ids, time.monotonic() + 3 + over + 60)
    due = dict(Delivery.objects.filter(pk__in=ids).values_list("pk", "due_at"))
    rows = SandboxPublication.objects.filter(delivery_id__in=ids).values_list("called_at", "delivery_id")
    # due_at equals scheduled_at here: no delivery was retried.
    lags = sorted((called - due[delivery_id]).total_seconds() for called, delivery_id in rows)
    q = statistics.quantiles(lags, n=100, method="inclusive") if len(lags) > 1 else lags * 99
    print(
        f"\ntrickle: {count} deliveries over {over:.0f} s -> published {len(lags)}, not ended {not_ended}\n"
        f"  lag (publisher called - scheduled_at): p50 {q[49]:.3f} s, p95 {q[94]:.3f} s, "
        f"p99 {q[98]:.3f} s, max {lags[-1]:.3f} s, min {lags[0]:.3f} s  (target p99 <= 1.5 s)",
        flush=True,
    )


def burst(owner: User, count: int, processes: list[subprocess.Popen]) -> None:
    due = (timezone.now() + timedelta(seconds=10)).replace(microsecond=0)
    ids = schedule(owner, [due] * count)
    cpu_before, database_before = cpu_seconds(processes), database_cpu_seconds()
    not_ended = wait_until_ended(ids, time.monotonic() + 10 + 900)
    cpu = cpu_seconds(processes) - cpu_before
    database_cpu = sum(t - database_before.get(pid, 0.0) for pid, t in database_cpu_seconds().items())
    deliveries = Delivery.objects.filter(pk__in=ids)
    last_end = deliveries.aggregate(last=Max("finished_at"))["last"]
    total = (last_end - due).total_seconds() if last_end else float("nan")
    published = deliveries.filter(status=Delivery.Status.PUBLISHED).count()
    duplicates = (
        SandboxPublication.objects.filter(delivery_id__in=ids)
        .values("delivery_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    by_status = dict(deliveries.values_list("status").annotate(n=Count("pk")).order_by())
    print(
        f"\nburst: {count} deliveries due at the same second\n"
        f"  total {total:.2f} s (due second -> last delivery ended), {count / total:.0f} deliveries/s\n"
        f"  published {published}, duplicates {duplicates}, lost (not ended) {not_ended}, by status {by_status}\n"
        f"  worker + beat CPU: {cpu:.1f} s, {1000 * cpu / count:.1f} ms per delivery; "
        f"PostgreSQL backends: {database_cpu:.1f} s, {1000 * database_cpu / count:.1f} ms per delivery; "
        f"load average now {' '.join(f'{x:.1f}' for x in os.getloadavg())}\n"
        f"  (target <= 20 s, 0 duplicates, 0 lost)",
        flush=True,
    )


if __name__ == "__main__":
    main()
