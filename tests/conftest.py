"""Shared test fixtures: free loopback ports."""
from __future__ import annotations

import socket

import pytest

# Route mlagents_envs to the rebuilt protobuf modules before any test module imports it.
import python_bridge.unity  # noqa: F401,E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def free_port() -> int:
    """A loopback port nothing listens on right now."""
    return _free_port()
