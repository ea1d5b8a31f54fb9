"""`manage.py networks`: each network, whether it is usable here, and the settings it reads.

The operator's view of the registry: what to set in the environment for a
network to appear as connectable, with each variable's default and meaning.
Values of secrets are never printed, only whether they are set.
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand

import networks
from accounts.api.networks import NetworkOutput, network_representation
from networks.spec import NetworkSpec, Setting

SECRET_WORDS = ("SECRET", "TOKEN", "PASSWORD", "KEY")


class Command(BaseCommand):
    help = "List the networks, whether each is configured, and the environment variables each reads."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--env", action="store_true", help="Print the variables as a .env file with defaults.")
        parser.add_argument(
            "--spa-fixture",
            action="store_true",
            help="Print GET /api/v1/networks/ as a server with every network configured answers it "
            "(frontend/src/test/networks-fixture.json, which the SPA's unit tests run on).",
        )

    def handle(self, *args, env: bool = False, spa_fixture: bool = False, **options) -> None:
        if spa_fixture:
            self.stdout.write(_spa_fixture())
            return
        for spec in networks.all_specs():
            self.stdout.write(self._as_env(spec) if env else self._summary(spec))

    @staticmethod
    def _summary(spec: NetworkSpec) -> str:
        state = (
            "configured"
            if networks.is_configured(spec.name)
            else f"not configured: set {', '.join(spec.required_settings)}"
        )
        lines = [f"{spec.name} ({spec.label}): {state}"]
        lines += [f"  {setting.name} = {_shown(setting)}" for setting in spec.settings]
        return "\n".join(lines) + "\n"

    @staticmethod
    def _as_env(spec: NetworkSpec) -> str:
        lines = [f"# --- {spec.label} ---"]
        for setting in spec.settings:
            if setting.help:
                lines.append(f"# {setting.help}")
            default = ",".join(setting.default) if isinstance(setting.default, list) else setting.default
            lines.append(f"{setting.name}={_env_value(default)}")
        return "\n".join(lines) + "\n"


def _shown(setting: Setting) -> str:
    value = getattr(settings, setting.name)
    if any(word in setting.name for word in SECRET_WORDS):
        return "(set)" if value else "(empty)"
    return repr(value)


def _env_value(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _spa_fixture() -> str:
    answer = NetworkOutput([network_representation(spec) for spec in networks.all_specs()], many=True).data
    configured = [{**network, "configured": True, "configure_hint": ""} for network in answer]
    return json.dumps(configured, indent=1, ensure_ascii=False)
