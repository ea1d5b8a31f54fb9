"""Celery wrapper over caption writing: the model's answer takes seconds to minutes,
so the web request only queues it (captions.services.caption_request_create)."""

from celery import shared_task

from captions import services


@shared_task(name="captions.write")
def caption_request_write_task(request_id: int) -> None:
    services.caption_request_write(request_id=request_id)
