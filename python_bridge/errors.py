"""The project's error tree: one root, small named subclasses whose messages say the fix."""
from __future__ import annotations


class BridgeError(Exception):
    """Root of every error this project raises on purpose."""


class ConfigError(BridgeError):
    """A configuration file or flag is wrong (unknown key, bad value)."""


class ProtocolVersionError(BridgeError):
    """A peer speaks an incompatible schema or ML-Agents communication version."""


class MessageError(BridgeError):
    """An incoming message is malformed, short, oversized or of an unknown kind."""


class PortInUseError(BridgeError):
    """The port the trainer wants to listen on is taken."""


class PeerTimeoutError(BridgeError):
    """The Unity peer stopped answering (crashed, closed, paused or never connected)."""


class ContentError(BridgeError):
    """Content is of the wrong shape or kind, or a file of content cannot be read."""


class CheckpointError(BridgeError):
    """A checkpoint is missing, corrupt, or was made for another kind or model."""


class PolicyOrderError(BridgeError, RuntimeError):
    """ask()/tell() called out of order."""
