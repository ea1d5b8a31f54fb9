"""Data migrations, run forward over rows made with the models of their time."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)


def migrate_to(app: str, name: str):
    """Migrate to `app.name` and return the historical models of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate([(app, name)])
    executor.loader.build_graph()
    return executor.loader.project_state((app, name)).apps


@pytest.fixture
def back_to_latest():
    yield
    call_command("migrate", verbosity=0)


def test_delivery_network_is_copied_from_its_account(back_to_latest):
    old = migrate_to("posts", "0001_initial")
    owner = old.get_model("accounts", "User").objects.create(email="old@example.com", password="!")
    accounts = {
        network: old.get_model("accounts", "SocialAccount").objects.create(
            owner=owner, network=network, handle=f"h-{network}", remote_id=f"r-{network}"
        )
        for network in ("x", "reddit")
    }
    post = old.get_model("posts", "Post").objects.create(owner=owner, caption="before the column")
    Delivery = old.get_model("posts", "Delivery")
    for account in accounts.values():
        Delivery.objects.create(post=post, account=account)

    new = migrate_to("posts", "0002_delivery_network")

    rows = new.get_model("posts", "Delivery").objects.values_list("account__handle", "network")
    assert sorted(rows) == [("h-reddit", "reddit"), ("h-x", "x")]
