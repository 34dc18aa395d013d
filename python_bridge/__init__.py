"""vrbridge: adaptive VR content between Unity ML-Agents scenes and PyTorch generators."""
from python_bridge.errors import BridgeError
from python_bridge.types import Content, ContentAck, FeedbackEvent, Provenance

__version__ = "0.1.0"
__all__ = ["BridgeError", "Content", "ContentAck", "FeedbackEvent", "Provenance", "__version__"]
