"""vrbridge commands of the content group (filled in by the issue that owns them)."""
from __future__ import annotations

import argparse


def register(sub: "argparse._SubParsersAction") -> None:
    """Add this group's subcommands to sub."""
