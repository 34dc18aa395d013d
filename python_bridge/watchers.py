"""Sees the loop without the loop knowing it: the ``Watcher`` protocol and the watchers we ship.

The Director calls every watcher's six hooks directly, on the exchange path (the scene's main
thread is waiting), so hooks must be quick: ``OffPath`` moves a slow watcher (SQLite writes,
console printing) onto its own thread. Subclass ``Watcher`` and override the hooks you need;
the rest do nothing. A method named ``on_*`` that is not one of the hooks (a misspelt hook) is
refused when the Director is made (``check_watcher``), never silently ignored.
"""
from __future__ import annotations

import logging
import queue
import sys
import threading
import uuid
from dataclasses import replace
from typing import Any, Protocol, TextIO, runtime_checkable

import numpy as np

from python_bridge.errors import ConfigError
from python_bridge.types import Content, ContentAck, FeedbackEvent

log = logging.getLogger(__name__)


@runtime_checkable
class Watcher(Protocol):
    """What the Director tells its watchers, in the order things happen."""

    def on_content(self, agent_id: int, content: Content, context: np.ndarray | None) -> None:
        """Content was sent to ``agent_id``; ``context`` is the feedback summary it was chosen on."""

    def on_feedback(self, events: list[FeedbackEvent]) -> None:
        """Feedback events arrived from the scene (every event, in arrival order)."""

    def on_reward(self, agent_id: int, content_id: str, point: np.ndarray, reward: float) -> None:
        """The policy was told ``reward`` for the content made from ``point``."""

    def on_ack(self, ack: ContentAck) -> None:
        """The scene applied or rejected content."""

    def on_session_end(self, agent_id: int) -> None:
        """The agent's session ended (the next decision from it starts a new one)."""

    def on_close(self) -> None:
        """The Director closed: flush and finish."""


HOOKS = ("on_content", "on_feedback", "on_reward", "on_ack", "on_session_end", "on_close")


def check_watcher(watcher: object) -> Watcher:
    """``watcher`` if it has every hook and no ``on_*`` method that is not one; else ConfigError."""
    stray = sorted(n for n in dir(watcher) if n.startswith("on_") and n not in HOOKS and callable(getattr(watcher, n)))
    if stray:
        raise ConfigError(f"{type(watcher).__name__} has {', '.join(stray)}, which no Director calls; "
                          f"hooks are {', '.join(HOOKS)} (check the spelling)")
    if not isinstance(watcher, Watcher):
        raise ConfigError(f"{type(watcher).__name__} is not a Watcher; subclass python_bridge.watchers.Watcher")
    return watcher


class StoreLogger(Watcher):
    """Writes what the loop sees into a SessionStore as it happens (a Director watcher).

    Scene session ids are prefixed with ``run`` so runs never collide in one store. A
    content's session is learnt from the first feedback about it (the director agent does
    not name its player); an agent's later content is logged at once.
    """

    def __init__(self, store: Any, kind: str, policy: str, run: str | None = None) -> None:
        self.store, self.kind, self.policy = store, kind, policy
        self.run = run or uuid.uuid4().hex[:8]
        self._sessions: set[str] = set()
        self._ended: set[str] = set()
        self._agent_session: dict[int, str] = {}
        self._steps: dict[str, int] = {}
        self._pending: dict[str, tuple[int, Content, np.ndarray | None]] = {}
        self._content_session: dict[str, tuple[str, int]] = {}

    def _sid(self, scene_session: str) -> str:
        return f"{self.run}-{scene_session}"

    def on_feedback(self, events: list[FeedbackEvent]) -> None:
        out = []
        for e in events:
            sid = self._sid(e.session_id)
            if sid not in self._sessions:
                self.store.start_session(e.player_id, session_id=sid, kind=self.kind, policy=self.policy)
                self._sessions.add(sid)
            if e.content_id in self._pending:
                agent_id, content, context = self._pending.pop(e.content_id)
                self._agent_session[agent_id] = sid
                self._log_content(sid, content, context)
            out.append(replace(e, session_id=sid))
            if e.kind == "session_end":
                self.store.end_session(sid, e.detail)
                self._ended.add(sid)
        self.store.log_feedback(out)

    def on_content(self, agent_id: int, content: Content, context: np.ndarray | None) -> None:
        sid = self._agent_session.get(agent_id)
        if sid is None:
            self._pending[content.content_id] = (agent_id, content, context)
        else:
            self._log_content(sid, content, context)

    def _log_content(self, sid: str, content: Content, context: np.ndarray | None) -> None:
        step = self._steps.get(sid, 0)
        self._steps[sid] = step + 1
        self._content_session[content.content_id] = (sid, step)
        self.store.log_content(sid, content)
        self.store.log_decision(sid, step, self.policy, np.asarray(content.provenance.latent), context)

    def on_reward(self, agent_id: int, content_id: str, point: np.ndarray, reward: float) -> None:
        where = self._content_session.get(content_id)
        if where is not None:
            self.store.log_reward(where[0], where[1], reward)

    def on_ack(self, ack: ContentAck) -> None:
        where = self._content_session.get(ack.content_id)
        if where is not None:
            self.store.log_ack(where[0], ack)

    def on_session_end(self, agent_id: int) -> None:
        self._agent_session.pop(agent_id, None)

    def on_close(self) -> None:
        for sid in self._sessions - self._ended:
            self.store.end_session(sid, "trainer stopped")


class OffPath(Watcher):
    """Runs a slow watcher (SQLite writes, console printing) on its own thread.

    The Director calls watchers on the exchange path, while the scene's main thread waits; this
    wrapper only enqueues the call there. Calls reach the wrapped watcher in order; nothing is
    dropped (a full queue makes the exchange wait rather than lose a record), a watcher that
    raises is logged and keeps receiving later calls, and ``on_close`` drains the queue first.
    """

    def __init__(self, watcher: Watcher, max_queued: int = 100_000) -> None:
        self.watcher = check_watcher(watcher)
        self._queue: queue.Queue = queue.Queue(max_queued)
        self.failures = 0
        self._thread = threading.Thread(target=self._drain, name=f"watch-{type(watcher).__name__}", daemon=True)
        self._thread.start()

    def on_content(self, agent_id: int, content: Content, context: np.ndarray | None) -> None:
        self._queue.put((self.watcher.on_content, (agent_id, content, context)))

    def on_feedback(self, events: list[FeedbackEvent]) -> None:
        self._queue.put((self.watcher.on_feedback, (events,)))

    def on_reward(self, agent_id: int, content_id: str, point: np.ndarray, reward: float) -> None:
        self._queue.put((self.watcher.on_reward, (agent_id, content_id, point, reward)))

    def on_ack(self, ack: ContentAck) -> None:
        self._queue.put((self.watcher.on_ack, (ack,)))

    def on_session_end(self, agent_id: int) -> None:
        self._queue.put((self.watcher.on_session_end, (agent_id,)))

    def _drain(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            hook, args = item
            try:
                hook(*args)
            except Exception:  # one bad record must not silence the rest of the session
                self.failures += 1
                log.exception("%s.%s failed", type(self.watcher).__name__, hook.__name__)

    def on_close(self) -> None:
        self._queue.put(None)
        self._thread.join()
        self.watcher.on_close()


class ConsoleView(Watcher):
    """Live view for a playtest: one line per content shown and per reaction."""

    def __init__(self, kind: Any, stream: TextIO = sys.stderr) -> None:
        self.kind, self.stream = kind, stream
        self.shown: dict[str, np.ndarray] = {}

    def on_content(self, agent_id: int, content: Content, context: np.ndarray | None) -> None:
        d = self.kind.descriptors(content.data)
        self.shown[content.content_id] = d
        desc = ", ".join(f"{n} {v:.2f}" for n, v in list(zip(self.kind.descriptor_names, d))[:4])
        print(f"-> shown {content.content_id[:8]} to agent {agent_id}: {desc}", file=self.stream, flush=True)

    def on_feedback(self, events: list[FeedbackEvent]) -> None:
        for e in events:
            if e.kind in ("rating", "comfort", "session_start", "session_end"):
                what = {"rating": f"rated {e.value:.2f}", "comfort": f"DISCOMFORT {e.value:.2f} ({e.detail})",
                        "session_start": f"session start on {e.detail}", "session_end": "session end"}[e.kind]
                print(f"   [{e.timestamp_s:7.1f}s] {e.player_id} {e.content_id[:8]} {what}", file=self.stream, flush=True)

    def on_reward(self, agent_id: int, content_id: str, point: np.ndarray, reward: float) -> None:
        print(f"   reward {reward:+.3f} for {content_id[:8]}", file=self.stream, flush=True)

    def on_ack(self, ack: ContentAck) -> None:
        if not ack.applied:
            print(f"   scene REJECTED {ack.content_id[:8]}: {ack.reason}", file=self.stream, flush=True)
