"""The login throttle, on a clock the test moves."""
from __future__ import annotations

from drafting.workspace.auth import Throttle


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_name_is_refused_after_the_limit_and_allowed_again_after_the_window():
    clock = Clock()
    throttle = Throttle(limit=3, window=60, clock=clock)
    for _ in range(3):
        assert throttle.retry_after("name:an") == 0
        throttle.failed("name:an")
    assert 0 < throttle.retry_after("name:an") <= 61
    clock.now += 61
    assert throttle.retry_after("name:an") == 0


def test_a_success_clears_the_name_but_not_the_address():
    throttle = Throttle(limit=2, clock=Clock())
    throttle.failed("name:an", "addr:1.2.3.4")
    throttle.failed("name:an", "addr:1.2.3.4")
    throttle.succeeded("name:an")
    assert throttle.retry_after("name:an") == 0 and throttle.retry_after("addr:1.2.3.4") > 0


def test_stale_failures_of_many_names_are_forgotten():
    clock = Clock()
    throttle = Throttle(window=60, clock=clock, max_keys=10)
    for n in range(11):
        throttle.failed(f"name:{n}")
    clock.now += 61
    throttle.failed("name:new")
    assert list(throttle._failures) == ["name:new"]
