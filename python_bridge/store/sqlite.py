"""The SQLite session store: sessions, pseudonymous players, content shown, feedback, decisions, rewards, acks.

Written as it happens: every ``log_*`` call is one committed transaction (a batch of events is one
transaction), in WAL mode, so a Ctrl-C or a killed process loses at most the call in flight.
Every row gets a store-wide sequence number ``seq``; ``replay`` merges the tables by it.

Privacy: players are stored by pseudonymous id only. An id that is not already of the form
``p-`` + 12 hex is replaced by a salted hash (the salt is made at creation and lives in the
file), everywhere, including inside feedback events. Raw gaze is not stored by default: gaze_dwell
events are summed per (session, content, element) into the ``dwell`` table, and only with
``keep_raw_gaze=True`` are the events themselves kept too.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
import sqlite3
import threading
import time
import uuid
from dataclasses import asdict, dataclass, is_dataclass
from typing import Any, Iterable, Iterator, Mapping

import numpy as np

from python_bridge.types import Content, ContentAck, FeedbackEvent, Provenance

SCHEMA_VERSION = 1
_PSEUDONYM = re.compile(r"^p-[0-9a-f]{12}$")
_SESSION_TABLES = ("content", "feedback", "dwell", "decisions", "rewards", "acks")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS players (
    player_id TEXT PRIMARY KEY, created_unix_s REAL NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    session_id TEXT PRIMARY KEY,
    player_id TEXT NOT NULL REFERENCES players(player_id) ON DELETE CASCADE,
    seq INTEGER NOT NULL, kind TEXT, policy TEXT, config_json TEXT, keep_raw_gaze INTEGER NOT NULL,
    started_unix_s REAL NOT NULL, ended_unix_s REAL, end_reason TEXT, end_seq INTEGER);
CREATE TABLE IF NOT EXISTS content (
    seq INTEGER PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions(session_id) ON DELETE CASCADE,
    content_id TEXT NOT NULL, kind TEXT, slot TEXT, latent_json TEXT, descriptors_json TEXT,
    provenance_json TEXT, t_unix_s REAL NOT NULL);
CREATE TABLE IF NOT EXISTS feedback (
    seq INTEGER PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions(session_id) ON DELETE CASCADE,
    kind TEXT NOT NULL, timestamp_s REAL, content_id TEXT, element_id TEXT, value REAL, detail TEXT,
    extra_json TEXT);
CREATE TABLE IF NOT EXISTS dwell (
    session_id TEXT NOT NULL REFERENCES sessions(session_id) ON DELETE CASCADE,
    content_id TEXT NOT NULL, element_id TEXT NOT NULL, seq INTEGER NOT NULL,
    total_s REAL NOT NULL, n INTEGER NOT NULL, first_ts REAL, last_ts REAL,
    PRIMARY KEY (session_id, content_id, element_id));
CREATE TABLE IF NOT EXISTS decisions (
    seq INTEGER PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions(session_id) ON DELETE CASCADE,
    step INTEGER NOT NULL, policy TEXT, action_json TEXT NOT NULL, context_json TEXT, t_unix_s REAL NOT NULL);
CREATE TABLE IF NOT EXISTS rewards (
    seq INTEGER PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions(session_id) ON DELETE CASCADE,
    step INTEGER NOT NULL, reward REAL, terms_json TEXT, t_unix_s REAL NOT NULL);
CREATE TABLE IF NOT EXISTS acks (
    seq INTEGER PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions(session_id) ON DELETE CASCADE,
    content_id TEXT NOT NULL, applied INTEGER NOT NULL, reason TEXT, timestamp_s REAL, apply_ms REAL);
CREATE INDEX IF NOT EXISTS sessions_player ON sessions(player_id);
CREATE INDEX IF NOT EXISTS content_session ON content(session_id);
CREATE INDEX IF NOT EXISTS feedback_session ON feedback(session_id);
CREATE INDEX IF NOT EXISTS decisions_session ON decisions(session_id);
CREATE INDEX IF NOT EXISTS rewards_session ON rewards(session_id);
CREATE INDEX IF NOT EXISTS acks_session ON acks(session_id);
"""


def _plain(obj: Any) -> Any:
    """numpy / dataclasses / non-finite floats -> JSON-able values (non-finite becomes None)."""
    if isinstance(obj, np.ndarray):
        return [_plain(v) for v in obj.tolist()]
    if isinstance(obj, (np.floating, float)):
        return float(obj) if math.isfinite(float(obj)) else None
    if isinstance(obj, (np.integer,)):
        return int(obj)
    if is_dataclass(obj) and not isinstance(obj, type):
        return _plain(asdict(obj))
    if isinstance(obj, Mapping):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    return obj


def _dumps(obj: Any) -> str | None:
    return None if obj is None else json.dumps(_plain(obj), allow_nan=False, separators=(",", ":"))


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _num(x: Any) -> float | None:
    """A float for SQLite, None for NaN/inf (SQLite has no NaN)."""
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


@dataclass(frozen=True)
class Record:
    """One replayed row: ``type`` in session_start|content|feedback|dwell|decision|reward|ack|session_end.

    ``data``: ``FeedbackEvent`` for feedback, ``ContentAck`` for acks, a dict otherwise.
    """

    seq: int
    type: str
    data: Any


class SessionStore:
    """A session store in one SQLite file (created if missing). Safe to share across threads.

    Args:
        path: the database file (``":memory:"`` for tests that need no file).
        keep_raw_gaze: also keep every gaze_dwell event (default: only per-element sums).
        synchronous: SQLite ``synchronous`` pragma; ``"NORMAL"`` survives a crash of this process,
            ``"FULL"`` also a power cut, at the cost of an fsync per write.
    """

    def __init__(self, path: str | os.PathLike, *, keep_raw_gaze: bool = False, synchronous: str = "NORMAL") -> None:
        if synchronous.upper() not in ("OFF", "NORMAL", "FULL", "EXTRA"):
            raise ValueError(f"synchronous must be OFF, NORMAL, FULL or EXTRA, got {synchronous!r}")
        self.path = str(path)
        self.keep_raw_gaze = keep_raw_gaze
        self._lock = threading.RLock()
        # Autocommit mode: we open every transaction ourselves (BEGIN IMMEDIATE ... COMMIT).
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30.0)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(f"PRAGMA synchronous={synchronous.upper()}")
        self._db.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten, not left in free pages (delete_player must really delete).
        self._db.execute("PRAGMA secure_delete=ON")
        self._db.executescript(_SCHEMA)
        with self._tx() as db:
            db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            db.execute("INSERT OR IGNORE INTO meta VALUES ('salt', ?)", (os.urandom(16).hex(),))
            db.execute("INSERT OR IGNORE INTO counters VALUES ('seq', 0)")
        self._salt = self._db.execute("SELECT value FROM meta WHERE key='salt'").fetchone()[0]

    # ------------------------------------------------------------------ plumbing
    class _Tx:
        def __init__(self, store: "SessionStore") -> None:
            self.store = store

        def __enter__(self) -> sqlite3.Connection:
            self.store._lock.acquire()
            self.store._db.execute("BEGIN IMMEDIATE")
            return self.store._db

        def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
            try:
                self.store._db.execute("ROLLBACK" if exc_type else "COMMIT")
            finally:
                self.store._lock.release()

    def _tx(self) -> "SessionStore._Tx":
        return SessionStore._Tx(self)

    @staticmethod
    def _next_seq(db: sqlite3.Connection, n: int = 1) -> int:
        """Reserve ``n`` sequence numbers inside the open transaction; returns the first."""
        first = db.execute("SELECT value FROM counters WHERE name='seq'").fetchone()[0] + 1
        db.execute("UPDATE counters SET value = ? WHERE name='seq'", (first + n - 1,))
        return first

    def _session(self, db: sqlite3.Connection, session_id: str) -> sqlite3.Row:
        row = db.execute("SELECT * FROM sessions WHERE session_id=?", (session_id,)).fetchone()
        if row is None:
            raise KeyError(f"no session {session_id!r} in {self.path}; call start_session() first")
        return row

    def close(self) -> None:
        """Checkpoint the WAL into the main file and close."""
        with self._lock:
            try:
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                self._db.close()

    def __enter__(self) -> "SessionStore":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def player_key(self, player_id: str) -> str:
        """The id this store uses for ``player_id``: itself if already ``p-`` + 12 hex, else a salted hash."""
        if _PSEUDONYM.match(player_id):
            return player_id
        return "p-" + hashlib.sha256(f"{self._salt}:{player_id}".encode()).hexdigest()[:12]

    # ------------------------------------------------------------------ writing
    def start_session(self, player_id: str, *, session_id: str | None = None, kind: str = "", policy: str = "",
                      config: Mapping[str, Any] | None = None, t_unix_s: float | None = None) -> str:
        """Open a session for a player (created on first sight); returns the session id."""
        sid = session_id or uuid.uuid4().hex
        pid = self.player_key(player_id)
        now = time.time() if t_unix_s is None else t_unix_s
        with self._tx() as db:
            db.execute("INSERT OR IGNORE INTO players VALUES (?, ?)", (pid, now))
            seq = self._next_seq(db)
            try:
                db.execute("INSERT INTO sessions VALUES (?,?,?,?,?,?,?,?,NULL,NULL,NULL)",
                           (sid, pid, seq, kind, policy, _dumps(config or {}), int(self.keep_raw_gaze), now))
            except sqlite3.IntegrityError as exc:
                raise ValueError(f"session {sid!r} already exists; pass a new session_id or none") from exc
        return sid

    def log_content(self, session_id: str, content: Content | str, *, kind: str | None = None,
                    latent: np.ndarray | None = None, descriptors: np.ndarray | None = None,
                    provenance: Provenance | Mapping[str, Any] | None = None, slot: str = "",
                    t_unix_s: float | None = None) -> int:
        """Record content shown: a ``Content`` (its id, kind, provenance, latent) or a content id plus fields.

        ``latent``: ``(latent_dim,)`` (default: ``provenance.latent``); ``descriptors``: ``(d,)``.
        The item itself is not stored (it can be regenerated from the provenance). Returns ``seq``.
        """
        if isinstance(content, Content):
            cid, kind, slot = content.content_id, kind or content.kind, slot or content.slot
            provenance = provenance or content.provenance
        else:
            cid = str(content)
        if latent is None and isinstance(provenance, Provenance) and provenance.latent:
            latent = np.asarray(provenance.latent)
        now = time.time() if t_unix_s is None else t_unix_s
        with self._tx() as db:
            self._session(db, session_id)
            seq = self._next_seq(db)
            db.execute("INSERT INTO content VALUES (?,?,?,?,?,?,?,?,?)",
                       (seq, session_id, cid, kind or "", slot, _dumps(latent), _dumps(descriptors), _dumps(provenance), now))
        return seq

    def log_feedback(self, events: Iterable[FeedbackEvent], session_id: str | None = None) -> int:
        """Record a batch of events in one transaction; returns how many rows were written.

        ``session_id`` defaults to each event's own. gaze_dwell is summed per element (and kept raw
        only with ``keep_raw_gaze``). NaN/inf values are stored as NULL.
        """
        events = list(events)
        if not events:
            return 0
        written = 0
        with self._tx() as db:
            known: dict[str, sqlite3.Row] = {}
            for e in events:
                sid = session_id or e.session_id
                if sid not in known:
                    known[sid] = self._session(db, sid)
                raw = e.kind != "gaze_dwell" or bool(known[sid]["keep_raw_gaze"])
                if e.kind == "gaze_dwell":
                    dwell = _num(e.value)
                    if dwell is not None:
                        seq = self._next_seq(db)
                        db.execute(
                            "INSERT INTO dwell VALUES (?,?,?,?,?,1,?,?) ON CONFLICT(session_id, content_id, element_id) DO UPDATE SET "
                            "total_s = total_s + excluded.total_s, n = n + 1, last_ts = excluded.last_ts",
                            (sid, e.content_id, e.element_id, seq, dwell, _num(e.timestamp_s), _num(e.timestamp_s)))
                        written += 1
                if raw:
                    seq = self._next_seq(db)
                    db.execute("INSERT INTO feedback VALUES (?,?,?,?,?,?,?,?,?)",
                               (seq, sid, str(e.kind), _num(e.timestamp_s), e.content_id, e.element_id, _num(e.value),
                                e.detail, _dumps(dict(e.extra)) if e.extra else None))
                    written += 1
        return written

    def log_decision(self, session_id: str, step: int, policy: str, action: np.ndarray,
                     context: np.ndarray | None = None, t_unix_s: float | None = None) -> int:
        """Record a decision: ``action`` ``(action_dim,)`` and the ``context`` ``(C,)`` it was made on. Returns ``seq``."""
        now = time.time() if t_unix_s is None else t_unix_s
        with self._tx() as db:
            self._session(db, session_id)
            seq = self._next_seq(db)
            db.execute("INSERT INTO decisions VALUES (?,?,?,?,?,?,?)",
                       (seq, session_id, int(step), policy, _dumps(np.asarray(action)), _dumps(context), now))
        return seq

    def log_reward(self, session_id: str, step: int, reward: float, terms: Mapping[str, float] | None = None,
                   t_unix_s: float | None = None) -> int:
        """Record the reward for decision ``step`` (and its terms, for audit). Returns ``seq``."""
        now = time.time() if t_unix_s is None else t_unix_s
        with self._tx() as db:
            self._session(db, session_id)
            seq = self._next_seq(db)
            db.execute("INSERT INTO rewards VALUES (?,?,?,?,?,?)", (seq, session_id, int(step), _num(reward), _dumps(terms), now))
        return seq

    def log_ack(self, session_id: str, ack: ContentAck) -> int:
        """Record the scene's answer to one content message. Returns ``seq``."""
        with self._tx() as db:
            self._session(db, session_id)
            seq = self._next_seq(db)
            db.execute("INSERT INTO acks VALUES (?,?,?,?,?,?,?)",
                       (seq, session_id, ack.content_id, int(ack.applied), ack.reason, _num(ack.timestamp_s), _num(ack.apply_ms)))
        return seq

    def end_session(self, session_id: str, reason: str = "", t_unix_s: float | None = None) -> None:
        """Close a session (idempotent: a second call updates the reason and time)."""
        now = time.time() if t_unix_s is None else t_unix_s
        with self._tx() as db:
            self._session(db, session_id)
            db.execute("UPDATE sessions SET ended_unix_s=?, end_reason=?, end_seq=? WHERE session_id=?",
                       (now, reason, self._next_seq(db), session_id))

    # ------------------------------------------------------------------ reading
    def _session_dict(self, row: sqlite3.Row) -> dict[str, Any]:
        d = dict(row)
        d["config"] = _loads(d.pop("config_json"))
        d["keep_raw_gaze"] = bool(d["keep_raw_gaze"])
        d.pop("end_seq", None)
        return d

    def list_sessions(self, player_id: str | None = None) -> list[dict[str, Any]]:
        """Sessions (oldest first), optionally of one player, as dicts of the session row."""
        with self._lock:
            if player_id is None:
                rows = self._db.execute("SELECT * FROM sessions ORDER BY seq").fetchall()
            else:
                rows = self._db.execute("SELECT * FROM sessions WHERE player_id=? ORDER BY seq", (self.player_key(player_id),)).fetchall()
        return [self._session_dict(r) for r in rows]

    def list_players(self) -> list[str]:
        """Every stored (pseudonymous) player id."""
        with self._lock:
            return [r[0] for r in self._db.execute("SELECT player_id FROM players ORDER BY created_unix_s, player_id")]

    def session_detail(self, session_id: str) -> dict[str, Any]:
        """The session row plus per-table row counts, mean reward, and acks applied/rejected."""
        with self._lock:
            d = self._session_dict(self._session(self._db, session_id))
            d["counts"] = {t: self._db.execute(f"SELECT COUNT(*) FROM {t} WHERE session_id=?", (session_id,)).fetchone()[0] for t in _SESSION_TABLES}
            d["mean_reward"] = self._db.execute("SELECT AVG(reward) FROM rewards WHERE session_id=?", (session_id,)).fetchone()[0]
            d["dwell_total_s"] = self._db.execute("SELECT COALESCE(SUM(total_s), 0) FROM dwell WHERE session_id=?", (session_id,)).fetchone()[0]
            applied = self._db.execute("SELECT applied, COUNT(*) FROM acks WHERE session_id=? GROUP BY applied", (session_id,)).fetchall()
        d["acks_applied"] = sum(n for a, n in applied if a)
        d["acks_rejected"] = sum(n for a, n in applied if not a)
        return d

    def replay(self, session_id: str) -> Iterator[Record]:
        """Every record of a session in the order it was written (``seq``), session_start first."""
        with self._lock:
            s = self._session(self._db, session_id)
            rows: list[tuple[int, str, Any]] = [(s["seq"], "session_start", self._session_dict(s))]
            pid = s["player_id"]
            for r in self._db.execute("SELECT * FROM content WHERE session_id=?", (session_id,)):
                rows.append((r["seq"], "content", {"content_id": r["content_id"], "kind": r["kind"], "slot": r["slot"],
                             "latent": _loads(r["latent_json"]), "descriptors": _loads(r["descriptors_json"]),
                             "provenance": _loads(r["provenance_json"]), "t_unix_s": r["t_unix_s"]}))
            for r in self._db.execute("SELECT * FROM feedback WHERE session_id=?", (session_id,)):
                rows.append((r["seq"], "feedback", FeedbackEvent(
                    kind=r["kind"], player_id=pid, session_id=session_id,
                    timestamp_s=float("nan") if r["timestamp_s"] is None else r["timestamp_s"], content_id=r["content_id"] or "",
                    element_id=r["element_id"] or "", value=float("nan") if r["value"] is None else r["value"],
                    detail=r["detail"] or "", extra=_loads(r["extra_json"]) or {})))
            for r in self._db.execute("SELECT * FROM dwell WHERE session_id=?", (session_id,)):
                rows.append((r["seq"], "dwell", {k: r[k] for k in ("content_id", "element_id", "total_s", "n", "first_ts", "last_ts")}))
            for r in self._db.execute("SELECT * FROM decisions WHERE session_id=?", (session_id,)):
                rows.append((r["seq"], "decision", {"step": r["step"], "policy": r["policy"], "action": _loads(r["action_json"]),
                                                    "context": _loads(r["context_json"]), "t_unix_s": r["t_unix_s"]}))
            for r in self._db.execute("SELECT * FROM rewards WHERE session_id=?", (session_id,)):
                rows.append((r["seq"], "reward", {"step": r["step"], "reward": r["reward"], "terms": _loads(r["terms_json"]), "t_unix_s": r["t_unix_s"]}))
            for r in self._db.execute("SELECT * FROM acks WHERE session_id=?", (session_id,)):
                rows.append((r["seq"], "ack", ContentAck(r["content_id"], bool(r["applied"]), r["reason"] or "",
                                                         r["timestamp_s"] or 0.0, r["apply_ms"] or 0.0)))
            if s["end_seq"] is not None:
                rows.append((s["end_seq"], "session_end", {"ended_unix_s": s["ended_unix_s"], "end_reason": s["end_reason"]}))
        rows.sort(key=lambda x: x[0])
        for seq, typ, data in rows:
            yield Record(seq, typ, data)

    def decisions_with_rewards(self, player_id: str | None = None, kind: str | None = None) -> list[dict[str, Any]]:
        """Decisions joined with their rewards (same session and step): rows for ``LoggedDecisions.from_records``.

        ``player_id`` / ``kind``: only that player's sessions / sessions of that content kind.
        """
        sql = ("SELECT s.player_id, d.session_id, d.step, d.policy, d.action_json, d.context_json, r.reward "
               "FROM decisions d JOIN sessions s USING (session_id) JOIN rewards r ON r.session_id = d.session_id AND r.step = d.step")
        where, args = [], []
        if player_id is not None:
            where, args = where + ["s.player_id = ?"], args + [self.player_key(player_id)]
        if kind is not None:
            where, args = where + ["s.kind = ?"], args + [kind]
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY d.seq", args).fetchall()
        return [{"player_id": r["player_id"], "session_id": r["session_id"], "step": r["step"], "policy": r["policy"],
                 "action": _loads(r["action_json"]), "context": _loads(r["context_json"]), "reward": r["reward"]} for r in rows]

    # ------------------------------------------------------------------ a player's rights
    def export_player(self, player_id: str) -> dict[str, Any]:
        """Everything stored about one player, JSON-able: ``{"player_id", "created_unix_s", "sessions": [...]}``."""
        pid = self.player_key(player_id)
        with self._lock:
            row = self._db.execute("SELECT * FROM players WHERE player_id=?", (pid,)).fetchone()
        if row is None:
            raise KeyError(f"no player {pid!r} in {self.path}")
        sessions = []
        for s in self.list_sessions(pid):
            records = [{"seq": r.seq, "type": r.type, "data": _plain(r.data)} for r in self.replay(s["session_id"])]
            sessions.append({"session": _plain(s), "records": records})
        return {"player_id": pid, "created_unix_s": row["created_unix_s"], "sessions": sessions}

    def delete_player(self, player_id: str) -> dict[str, int]:
        """Delete a player and everything of theirs in one transaction; returns rows deleted per table."""
        pid = self.player_key(player_id)
        with self._tx() as db:
            sids = [r[0] for r in db.execute("SELECT session_id FROM sessions WHERE player_id=?", (pid,))]
            marks = ",".join("?" * len(sids))
            counts = {t: (db.execute(f"SELECT COUNT(*) FROM {t} WHERE session_id IN ({marks})", sids).fetchone()[0] if sids else 0)
                      for t in _SESSION_TABLES}
            counts["sessions"] = len(sids)
            # ON DELETE CASCADE removes sessions and every session table's rows.
            counts["players"] = db.execute("DELETE FROM players WHERE player_id=?", (pid,)).rowcount
        with self._lock:
            # Move the (overwritten) pages out of the WAL too, so no copy of the data lingers there.
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return counts
