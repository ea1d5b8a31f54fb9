"""What happens to a user or a connected account that others react to.

Accounts sits below posts and webhooks: it cannot call them, so it announces.
Receivers run inside the sender's transaction (connected in their apps'
`ready()`): posts stops the account's deliveries, webhooks tells the owner;
accounts itself revokes a user's tokens when their password or access changes.
"""

from django.dispatch import Signal

# Sent with `account` (a SocialAccount) and `reason` (text for the person).
social_account_disconnected = Signal()
# Sent with `account`, `reason` and `newly` (True the first time it expires, not on a repeat).
social_account_expired = Signal()
# Sent with `account` when an expired account is connected again (its tokens work again).
social_account_reconnected = Signal()
# Sent by `User.save()` with `user`, `password_changed` and `deactivated` (booleans)
# when a save sets a new password or turns `is_active` off, whatever code saved it.
user_access_changed = Signal()
