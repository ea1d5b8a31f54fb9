"""Which caption model answers: the OpenAI-compatible server when a key is set, else the offline one."""

from django.conf import settings

from captions.generators.base import CaptionModel
from captions.generators.offline import OfflineCaptionModel
from captions.generators.openai_model import OpenAICaptionModel


def caption_model_from_settings() -> CaptionModel:
    if not settings.OPENAI_API_KEY:
        return OfflineCaptionModel()
    return OpenAICaptionModel(
        api_key=settings.OPENAI_API_KEY,
        base_url=settings.OPENAI_BASE_URL,
        model=settings.OPENAI_MODEL,
        timeout=settings.OPENAI_TIMEOUT,
        max_retries=settings.OPENAI_MAX_RETRIES,
    )
