"""The command line's vocabulary: every flag documented, kinds and policies from one place, workflow order."""
from __future__ import annotations

import argparse

import pytest

from python_bridge.cli import WORKFLOW, build_parser, main
from python_bridge.names import DEFAULT_KIND, KIND_NAMES, POLICY_NAMES


def _parsers(parser: argparse.ArgumentParser, path: str = "vrbridge"):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _parsers(child, f"{path} {name}")


def test_every_flag_of_every_command_has_help():
    missing = [f"{path} {a.option_strings or a.dest}" for path, p in _parsers(build_parser()) for a in p._actions
               if not isinstance(a, (argparse._HelpAction, argparse._SubParsersAction))
               and not a.help]
    assert len(list(_parsers(build_parser()))) > 15
    assert not missing, missing


def test_kind_and_policy_flags_share_one_vocabulary():
    kinds = policies = 0
    for path, p in _parsers(build_parser()):
        for a in p._actions:
            if "--kind" in a.option_strings:
                kinds += 1
                assert a.choices is not None and set(a.choices) <= set(KIND_NAMES), path
                assert a.default in (None, DEFAULT_KIND), path
            if "--policy" in a.option_strings:
                policies += 1
                assert a.choices is not None and set(a.choices) <= set(POLICY_NAMES), path
    assert kinds >= 8 and policies >= 2


def test_help_lists_commands_in_workflow_order_with_defaults(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    listed = [line.split()[0] for line in out.splitlines() if line[:4] == "    " and line[4:5] not in (" ", "") and line.split()[0] in WORKFLOW]
    assert listed == [name for name in WORKFLOW if name in listed] and len(listed) >= 14
    with pytest.raises(SystemExit):
        main(["playtest", "--help"])
    assert "(default: bandit)" in capsys.readouterr().out


def test_a_learner_is_refused_where_one_person_plays(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["playtest", "--policy", "ppo"])
    assert stop.value.code == 2 and "invalid choice: 'ppo'" in capsys.readouterr().err
