"""Deliveries that wait for a reconnect, and their verification (issue 14).

Non-atomic, so that on a large table nothing holds a lock for long: on
PostgreSQL the two partial indexes are built CONCURRENTLY while the
application keeps writing (the columns are added with constant defaults,
which PostgreSQL records without rewriting the table).
"""

from django.db import migrations, models

from socialtrend.migration_operations import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('accounts', '0004_oauth_state_use'),
        ('posts', '0004_network_state_and_alerts'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='delivery',
            name='delivery_status_valid',
        ),
        migrations.RemoveConstraint(
            model_name='deliveryattempt',
            name='attempt_outcome_valid',
        ),
        migrations.AddField(
            model_name='delivery',
            name='checked_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='delivery',
            name='verification',
            field=models.CharField(blank=True, choices=[('', 'Not checked'), ('pending', 'To be checked'), ('verified', 'Seen on the network'), ('missing', 'Not shown by the network'), ('undecidable', 'Cannot be checked')], default='', max_length=16),
        ),
        migrations.AddField(
            model_name='delivery',
            name='verified_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name='delivery',
            name='status',
            field=models.CharField(choices=[('pending', 'Pending'), ('queued', 'Queued'), ('publishing', 'Publishing'), ('published', 'Published'), ('failed', 'Failed'), ('cancelled', 'Cancelled'), ('unknown', 'Unknown'), ('waiting_for_reconnect', 'Waiting for reconnect')], default='pending', max_length=24),
        ),
        migrations.AlterField(
            model_name='deliveryattempt',
            name='outcome',
            field=models.CharField(choices=[('published', 'Published'), ('retry', 'Will retry'), ('failed', 'Failed'), ('auth', 'Authorization failed'), ('unknown', 'Outcome unknown'), ('verified', 'Seen on the network'), ('missing', 'Not on the network')], max_length=16),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name='delivery',
            index=models.Index(condition=models.Q(('status', 'waiting_for_reconnect')), fields=['due_at'], name='delivery_waiting_due'),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name='delivery',
            index=models.Index(condition=models.Q(('verification', 'pending')), fields=['network', 'finished_at'], name='delivery_to_verify'),
        ),
        migrations.AddConstraint(
            model_name='delivery',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['pending', 'queued', 'publishing', 'published', 'failed', 'cancelled', 'unknown', 'waiting_for_reconnect'])), name='delivery_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='deliveryattempt',
            constraint=models.CheckConstraint(condition=models.Q(('outcome__in', ['published', 'retry', 'failed', 'auth', 'unknown', 'verified', 'missing'])), name='attempt_outcome_valid'),
        ),
    ]
