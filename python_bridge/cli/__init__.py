"""The `vrbridge` command: a thin argparse front over the modules; each group registers its own commands."""
from __future__ import annotations

import argparse
import logging
import sys
from typing import Sequence

from python_bridge.errors import BridgeError

# One module per command group; each exposes register(subparsers) and keeps heavy imports
# inside its handlers so `vrbridge --help` stays fast.
from python_bridge.cli import content_cmds, generator_cmds, loop_cmds, wire_cmds

GROUPS = (wire_cmds, content_cmds, generator_cmds, loop_cmds)

WORKFLOW = (
    "demo", "eval-adaptation",                                        # try it: the main job, the measurement
    "corpus", "preview", "metrics",                                   # content
    "train-generator", "eval-generator", "export-onnx", "models",    # generators
    "serve", "playtest", "fit-prior", "train",                       # the loop with a scene or a headset
    "sessions", "dashboard",                                          # what was logged
    "sim-unity",                                                      # the Unity stand-in
)
"""Order of the commands in ``vrbridge --help``: the order a new user meets them."""


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Help that shows every default and keeps descriptions' own line breaks."""


def _finish(parser: argparse.ArgumentParser) -> None:
    """Every (sub)parser shows defaults; commands listed in workflow order."""
    parser.formatter_class = HelpFormatter
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            order = {name: i for i, name in enumerate(WORKFLOW)}
            action._choices_actions.sort(key=lambda a: order.get(a.dest, len(order)))
            for child in action.choices.values():
                _finish(child)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vrbridge",
        description="Adaptive VR content between Unity ML-Agents scenes and PyTorch.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for group in GROUPS:
        group.register(sub)
    _finish(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        return int(args.func(args) or 0)
    except BridgeError as exc:
        # Our errors carry their fix; a traceback would only bury it.
        print(f"vrbridge {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"vrbridge {args.command}: interrupted; everything logged so far is kept.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
