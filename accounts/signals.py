"""What happens to a connected account that other apps react to.

Accounts sits below posts and webhooks: it cannot call them, so it announces.
Receivers run inside the sender's transaction (connected in their apps'
`ready()`): posts stops the account's deliveries, webhooks tells the owner.
"""

from django.dispatch import Signal

# Sent with `account` (a SocialAccount) and `reason` (text for the person).
social_account_disconnected = Signal()
# Sent with `account`, `reason` and `newly` (True the first time it expires, not on a repeat).
social_account_expired = Signal()
