"""SQLite session store: sessions, pseudonymous players, content shown, feedback, decisions, rewards, acks."""
from python_bridge.store.sqlite import SCHEMA_VERSION, Record, SessionStore

__all__ = ["SCHEMA_VERSION", "Record", "SessionStore"]
