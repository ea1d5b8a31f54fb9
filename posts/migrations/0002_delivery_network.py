from django.db import migrations, models
from django.db.models import OuterRef, Subquery

NETWORKS = [
    ("sandbox", "Sandbox"),
    ("instagram", "Instagram"),
    ("linkedin", "LinkedIn"),
    ("x", "X (Twitter)"),
    ("reddit", "Reddit"),
]


def copy_account_network(apps, schema_editor):
    Delivery = apps.get_model("posts", "Delivery")
    SocialAccount = apps.get_model("accounts", "SocialAccount")
    network = SocialAccount.objects.filter(pk=OuterRef("account_id")).values("network")[:1]
    Delivery.objects.update(network=Subquery(network))


class Migration(migrations.Migration):
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
        migrations.RemoveIndex(model_name="delivery", name="delivery_status_due"),
        migrations.RemoveIndex(model_name="delivery", name="delivery_status_queued"),
        migrations.RemoveIndex(model_name="delivery", name="delivery_status_started"),
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
        migrations.AddIndex(
            model_name="delivery",
            index=models.Index(
                condition=models.Q(("status", "pending")), fields=["network", "due_at"], name="delivery_pending_due"
            ),
        ),
        migrations.AddIndex(
            model_name="delivery",
            index=models.Index(
                condition=models.Q(("status__in", ["queued", "publishing"])),
                fields=["network"],
                name="delivery_in_flight",
            ),
        ),
        migrations.AddIndex(
            model_name="delivery",
            index=models.Index(
                condition=models.Q(("status", "queued")), fields=["queued_at"], name="delivery_queued_since"
            ),
        ),
        migrations.AddIndex(
            model_name="delivery",
            index=models.Index(
                condition=models.Q(("status", "publishing")), fields=["started_at"], name="delivery_publishing_since"
            ),
        ),
    ]
