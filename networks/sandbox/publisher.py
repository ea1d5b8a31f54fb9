"""The `sandbox` network: publishes into a local table, with injectable latency and faults.

Used by the demo, the tests and the benchmark. Each publication is a
`SandboxPublication` row, so a duplicate publication is visible as a second
row for the same delivery. Faults (rates 0..1, from settings) mimic what real
networks do: a 5xx, a 429 with Retry-After, a 401, and a read timeout after
the post went out (the case that must end `unknown`, never be re-sent).
"""

import random
import time
import uuid
from datetime import datetime

from django.conf import settings
from django.db import connection
from django.utils import timezone

from networks.publishing import AccountRef, Lookup, Publisher, PublishRequest, PublishResult
from networks.sandbox import SPEC
from networks.sandbox.models import SandboxPublication
from socialtrend.outbound import AuthError, OutcomeUnknownError, RetryableError

SANDBOX_URL = "https://sandbox.socialtrend.invalid"


class SandboxPublisher(Publisher):
    network = SPEC.name

    def __init__(self) -> None:
        self.latency = settings.SANDBOX_LATENCY_SECONDS
        self.auth_failure_rate = settings.SANDBOX_AUTH_FAILURE_RATE
        self.rate_limit_rate = settings.SANDBOX_RATE_LIMIT_RATE
        self.retry_after = settings.SANDBOX_RETRY_AFTER_SECONDS
        self.error_rate = settings.SANDBOX_ERROR_RATE
        self.timeout_rate = settings.SANDBOX_TIMEOUT_RATE
        self.lookup_error_rate = settings.SANDBOX_LOOKUP_ERROR_RATE

    def publish(self, request: PublishRequest) -> PublishResult:
        called_at = timezone.now()
        if self.latency:
            time.sleep(self.latency)
        # One roll decides the fault, so the rates add up to the share of failures.
        roll = random.random()  # noqa: S311 - fault injection, not security
        if (roll := roll - self.auth_failure_rate) < 0:
            raise AuthError("401 Unauthorized: the sandbox rejected the access token", http_status=401)
        if (roll := roll - self.rate_limit_rate) < 0:
            raise RetryableError("429 Too Many Requests", retry_after=self.retry_after, http_status=429)
        if (roll := roll - self.error_rate) < 0:
            raise RetryableError("503 Service Unavailable", http_status=503)
        remote_id = self._record(request, called_at)
        if roll - self.timeout_rate < 0:
            raise OutcomeUnknownError("read timed out after the request was sent")
        return PublishResult(
            remote_id=remote_id,
            url=f"{SANDBOX_URL}/@{request.account.handle}/{remote_id}",
            http_status=201,
        )

    def verify(self, account: AccountRef, remote_id: str) -> Lookup:
        self._lookup_fault()
        publication = SandboxPublication.objects.filter(account_id=account.id, remote_id=remote_id).first()
        return self._lookup(account, publication)

    def find(self, request: PublishRequest, published_after: datetime) -> Lookup:
        """The account's publications since `published_after` with the same text, as a
        network's timeline of the account's recent posts answers."""
        self._lookup_fault()
        publication = (
            SandboxPublication.objects.filter(
                account_id=request.account.id, text=request.text, called_at__gte=published_after
            )
            .order_by("called_at")
            .first()
        )
        return self._lookup(request.account, publication)

    def _lookup_fault(self) -> None:
        if random.random() < self.lookup_error_rate:  # noqa: S311 - fault injection, not security
            raise RetryableError("503 Service Unavailable", http_status=503)

    @staticmethod
    def _lookup(account: AccountRef, publication: SandboxPublication | None) -> Lookup:
        if publication is None:
            return Lookup(found=False)
        url = f"{SANDBOX_URL}/@{account.handle}/{publication.remote_id}"
        return Lookup(found=True, remote_id=publication.remote_id, url=url)

    @staticmethod
    def _record(request: PublishRequest, called_at: datetime) -> str:
        """Store the publication; returns its remote id.

        One INSERT in SQL: this runs once per delivery in every benchmark and
        demo, and the ORM's `create` costs twice the CPU for the same row.
        """
        remote_id = uuid.uuid4().hex
        table = connection.ops.quote_name(SandboxPublication._meta.db_table)
        sql = (
            f"INSERT INTO {table} (delivery_id, account_id, text, media_count, remote_id, called_at, created_at) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s, %s, %s)"
        )
        stamp = connection.ops.adapt_datetimefield_value
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [
                    request.delivery_id,
                    request.account.id,
                    request.text,
                    len(request.media),
                    remote_id,
                    stamp(called_at),
                    stamp(timezone.now()),
                ],
            )
        return remote_id
