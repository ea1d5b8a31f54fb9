"""What the publishing pipeline announces to apps above it (webhooks, notifications).

Sent after the outcomes are committed, never inside the transaction that
recorded them: a receiver's failure must not undo a publication.
"""

from django.dispatch import Signal

# Sent with `delivery_ids` (list[int]) that reached an outcome and `owner_ids` (set[int]) of their posts.
delivery_outcomes_committed = Signal()
# Sent with `delivery_ids` and `owner_ids` when a check needs the person: a publication the
# network does not show (`verification` missing), or an outcome no lookup could settle (undecidable).
delivery_checks_committed = Signal()
