"""The app's registration on each Mastodon instance.

Mastodon has no central developer portal: an app registers itself on every
instance (`POST /api/v1/apps`) and gets a client id and secret valid there
only. The first person who connects an account of an instance registers it;
everyone after uses the same registration. The secret is encrypted at rest.
"""

from django.db import models

from socialtrend.crypto import EncryptedTextField


class MastodonInstance(models.Model):
    # "https://host[:port]", lower-case, no path: the form `networks.mastodon.instances` gives.
    base_url = models.CharField(max_length=300, unique=True)
    client_id = models.CharField(max_length=255)
    client_secret = EncryptedTextField()
    # What the registration was made with: a change of either needs a new registration.
    redirect_uri = models.CharField(max_length=500)
    scopes = models.CharField(max_length=255)
    registered_at = models.DateTimeField()

    class Meta:
        ordering = ["base_url"]

    def __str__(self) -> str:
        return self.base_url
