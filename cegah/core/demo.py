"""The demo-data registry: each app declares how `manage.py seed_demo` seeds its demo data.

An app registers a function in its own `demo.py` with `@register(order)`; the function takes
`dry_run` and returns one line for the command's report. `seed_demo` runs the apps that still
seed through its own imports first, then every registered function by order, so the command
(in the who-layer) needs to import no newer app. `discover()` imports each installed app's
`demo` module by name.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

Seeder = Callable[[bool], str]

_seeders: list[tuple[int, str, Seeder]] = []


def register(order: int) -> Callable[[Seeder], Seeder]:
    """Register `seeder(dry_run) -> summary line` to run in `seed_demo` at `order`."""

    def decorate(seeder: Seeder) -> Seeder:
        name = f"{seeder.__module__}.{seeder.__qualname__}"
        if not any(known == name for _, known, _ in _seeders):
            _seeders.append((order, name, seeder))
        return seeder

    return decorate


def discover() -> None:
    """Import `<app>.demo` of every installed app that has one (each registers itself)."""
    for config in apps.get_app_configs():
        if config.name.startswith("cegah.") and module_has_submodule(config.module, "demo"):
            import_module(f"{config.name}.demo")


def registered() -> list[Seeder]:
    """The registered seeders, in order."""
    discover()
    return [seeder for _, _, seeder in sorted(_seeders, key=lambda item: (item[0], item[1]))]
