"""Watchers: OffPath runs slow ones (store writes, console) off the exchange path, in order, losing nothing; misspelt hooks are refused."""
import threading

import pytest

from python_bridge.errors import ConfigError
from python_bridge.watchers import OffPath, Watcher


class Slow(Watcher):
    def __init__(self) -> None:
        self.release = threading.Event()
        self.calls: list[tuple] = []
        self.closed_with = None

    def on_feedback(self, events) -> None:
        self.release.wait()
        if events == ["boom"]:
            raise RuntimeError("bad record")
        self.calls.append(("feedback", tuple(events)))

    def on_reward(self, agent_id, content_id, point, reward) -> None:
        self.calls.append(("reward", content_id, reward))

    def on_close(self) -> None:
        self.closed_with = list(self.calls)


def test_calls_return_while_the_watcher_is_busy_and_arrive_in_order():
    inner = Slow()
    w = OffPath(inner)
    for i in range(50):
        # Each call returns although the watcher is still stuck in its first call: the exchange
        # path never waits on it.
        w.on_feedback([f"e{i}"])
        w.on_reward(0, f"c{i}", None, float(i))
    w.on_feedback(["boom"])
    w.on_feedback(["after"])
    assert inner.calls == []
    inner.release.set()
    w.on_close()
    expected = [c for i in range(50) for c in (("feedback", (f"e{i}",)), ("reward", f"c{i}", float(i)))]
    assert inner.calls == expected + [("feedback", ("after",))]
    assert inner.closed_with == inner.calls  # on_close ran after everything queued
    assert w.failures == 1


def test_a_misspelt_hook_is_refused_not_silently_ignored():
    class Misspelt(Watcher):
        def on_rewards(self, agent_id, content_id, point, reward) -> None:  # should be on_reward
            pass

    with pytest.raises(ConfigError, match="on_rewards.*check the spelling"):
        OffPath(Misspelt())
    with pytest.raises(ConfigError, match="not a Watcher"):
        OffPath(object())
