"""The publishing hot path's moves, written for speed: the dispatcher's and the
publish task's claims, and the one UPDATE that records a batch's successes.

They make the moves of `transitions.TRANSITIONS` ("claim", "requeue", "begin",
"publish") with the same conditional UPDATE, only without reading the rows
into Python (a claim) or with one statement for a whole batch (a success).
"""

from datetime import datetime

from django.db import connection, transaction
from django.db.models import QuerySet

from posts.models import Delivery
from posts.services.transitions import TRANSITIONS


def deliveries_claim(
    deliveries: QuerySet[Delivery],
    *,
    move: str,
    limit: int | None = None,
    skip_locked: bool = True,
    **changes,
) -> list[int]:
    """Make `move` on (at most `limit` of) those of `deliveries` in its source status, in
    the queryset's order, applying `changes` too; returns their ids.

    The rows are locked with `SELECT ... FOR UPDATE` where the database can
    (PostgreSQL) and one UPDATE moves them all. `skip_locked` suits claimers
    sharing a pool (dispatchers: each takes rows nobody holds). A claim of
    given ids must wait instead: a row is also held, briefly, by a dispatcher
    whose scan passed over it, and skipping it would strand it in `queued`.
    Waiters lock in the queryset's order (pass one by pk) so they cannot
    deadlock, and PostgreSQL re-checks the status after the wait.
    SQLite has no row locks, but its transactions here are IMMEDIATE (see
    settings): a transaction takes the database's write lock as it begins, so no
    other writer runs between the SELECT and the UPDATE. Either way, of two
    racing claimers one wins a row.
    """
    transition = TRANSITIONS[move]
    (expected,) = transition.sources  # a claim leaves one status, which its partial index holds
    with transaction.atomic():
        candidates = deliveries.filter(status=expected).select_for_update(skip_locked=skip_locked, of=("self",))
        ids = list(candidates.values_list("pk", flat=True)[:limit])
        Delivery.objects.filter(pk__in=ids).update(status=transition.target, **changes)
        return ids


def deliveries_set_published(rows: list[tuple[int, str, str, str]], now: datetime) -> None:
    """The "publish" move for a batch: one UPDATE giving each row its own remote id, URL
    and warning (kept in `last_error`, where the user sees it; empty for a clean
    success), and marking it for verification.

    Raw SQL because the ORM's per-row form (Case/When, as in bulk_update)
    costs about a millisecond per row to build, more than the rest of a
    publication to the demo network. `UPDATE ... FROM` needs PostgreSQL or SQLite 3.33+.
    """
    if not rows:
        return
    transition = TRANSITIONS["publish"]
    table = connection.ops.quote_name(Delivery._meta.db_table)
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    sources = ", ".join(["%s"] * len(transition.sources))
    sql = (
        f"WITH published (id, remote_id, remote_url, warning) AS (VALUES {values}) "  # noqa: S608
        f"UPDATE {table} SET status = %s, remote_id = published.remote_id, remote_url = published.remote_url, "
        f"published_at = %s, finished_at = %s, last_error = published.warning, updated_at = %s, "
        f"verification = %s "
        f"FROM published WHERE {table}.id = published.id AND {table}.status IN ({sources})"
    )
    stamp = connection.ops.adapt_datetimefield_value(now)  # as the ORM stores it (naive UTC on SQLite)
    params = [
        *(v for row in rows for v in row),
        transition.target,
        stamp,
        stamp,
        stamp,
        Delivery.Verification.PENDING,
        *transition.sources,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
