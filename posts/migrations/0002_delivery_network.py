"""Delivery.network (copied from the account) and partial status indexes.

Non-atomic, so that on a large table nothing holds a lock for long: the
copy commits in batches, and on PostgreSQL the indexes are built and
dropped CONCURRENTLY while the application keeps writing.
"""

from django.db import migrations, models, transaction
from django.db.models import Max, OuterRef, Subquery

from socialtrend.migration_operations import AddIndexConcurrentlyOnPostgres, RemoveIndexConcurrentlyOnPostgres

NETWORKS = [
    ("sandbox", "Sandbox"),
    ("instagram", "Instagram"),
    ("linkedin", "LinkedIn"),
    ("x", "X (Twitter)"),
    ("reddit", "Reddit"),
]
COPY_BATCH = 5000


def copy_account_network(apps, schema_editor):
    Delivery = apps.get_model("posts", "Delivery")
    SocialAccount = apps.get_model("accounts", "SocialAccount")
    network = SocialAccount.objects.filter(pk=OuterRef("account_id")).values("network")[:1]
    last = Delivery.objects.aggregate(last=Max("pk"))["last"] or 0
    for start in range(0, last, COPY_BATCH):
        with transaction.atomic():
            Delivery.objects.filter(pk__gt=start, pk__lte=start + COPY_BATCH).update(network=Subquery(network))


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("accounts", "0002_social_account"),
        ("posts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="delivery",
            name="network",
            field=models.CharField(choices=NETWORKS, default="", editable=False, max_length=16),
            preserve_default=False,
        ),
        migrations.RunPython(copy_account_network, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="delivery",
            constraint=models.CheckConstraint(
                condition=models.Q(("network__in", [value for value, _ in NETWORKS])), name="delivery_network_valid"
            ),
        ),
        RemoveIndexConcurrentlyOnPostgres(model_name="delivery", name="delivery_status_due"),
        RemoveIndexConcurrentlyOnPostgres(model_name="delivery", name="delivery_status_queued"),
        RemoveIndexConcurrentlyOnPostgres(model_name="delivery", name="delivery_status_started"),
        migrations.AlterField(
            model_name="delivery",
            name="post",
            field=models.ForeignKey(
                db_index=False,
                on_delete=models.deletion.CASCADE,
                related_name="deliveries",
                to="posts.post",
            ),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name="delivery",
            index=models.Index(
                condition=models.Q(("status", "pending")), fields=["network", "due_at"], name="delivery_pending_due"
            ),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name="delivery",
            index=models.Index(
                condition=models.Q(("status", "queued")), fields=["queued_at"], name="delivery_queued_since"
            ),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name="delivery",
            index=models.Index(
                condition=models.Q(("status", "publishing")), fields=["started_at"], name="delivery_publishing_since"
            ),
        ),
    ]
