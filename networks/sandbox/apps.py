from django.apps import AppConfig


class SandboxConfig(AppConfig):
    name = "networks.sandbox"
    label = "sandbox"
    verbose_name = "Sandbox network"
    default_auto_field = "django.db.models.BigAutoField"
    # Moderators may look at what the sandbox "published" (accounts.roles).
    moderated = True
