from __future__ import annotations

from cegah.core import demo


def test_registered_seeders_run_in_order_and_once() -> None:
    calls: list[str] = []
    saved = list(demo._seeders)
    try:
        demo._seeders.clear()

        @demo.register(20)
        def second(dry_run: bool) -> str:
            calls.append("second")
            return "second"

        @demo.register(10)
        def first(dry_run: bool) -> str:
            calls.append("first")
            return "first"

        demo.register(10)(first)
        summaries = [seeder(True) for seeder in demo.registered() if seeder in (first, second)]
    finally:
        demo._seeders[:] = saved
    assert summaries == ["first", "second"]
    assert calls == ["first", "second"]
