"""The planning services: the queue (`queue`) and recurring posts (`series`)."""
