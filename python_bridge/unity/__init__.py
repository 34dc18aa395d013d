"""The only package that imports mlagents_envs or grpc: fast wire, side channels, env, Unity stand-in."""
from python_bridge.unity import fast_pb as _fast_pb

# Must run before mlagents_envs imports its protobuf modules (see fast_pb).
_fast_pb.install()

from python_bridge.unity.channels import (  # noqa: E402
    ACK_CHANNEL_ID,
    CONTENT_CHANNEL_ID,
    FEEDBACK_CHANNEL_ID,
    AckChannel,
    ContentChannel,
    FeedbackChannel,
)
from python_bridge.unity.wire import (  # noqa: E402
    BridgeEnvironment,
    LoopbackCommunicator,
    PeerTimeout,
    PortTakenError,
    SafeSideChannelManager,
    VersionMismatch,
)

__all__ = [
    "ACK_CHANNEL_ID", "CONTENT_CHANNEL_ID", "FEEDBACK_CHANNEL_ID",
    "AckChannel", "ContentChannel", "FeedbackChannel",
    "BridgeEnvironment", "LoopbackCommunicator", "PeerTimeout", "PortTakenError",
    "SafeSideChannelManager", "VersionMismatch",
]
