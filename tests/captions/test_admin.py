from accounts.roles import Role
from captions.models import CaptionRequest
from tests.factories import UserFactory


def test_moderator_sees_everyones_caption_history_in_admin(client, user):
    CaptionRequest.objects.create(user=user, input={"topic": "Visible to moderators"}, status="succeeded")
    client.force_login(UserFactory(role=Role.MODERATOR))

    listing = client.get("/admin/captions/captionrequest/")
    add = client.get("/admin/captions/captionrequest/add/")

    assert listing.status_code == 200
    assert user.email in listing.content.decode()
    assert add.status_code == 403


def test_plain_user_has_no_admin_access_to_captions(client, user):
    client.force_login(user)

    assert client.get("/admin/captions/captionrequest/").status_code == 302
