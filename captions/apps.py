from django.apps import AppConfig


class CaptionsConfig(AppConfig):
    name = "captions"
