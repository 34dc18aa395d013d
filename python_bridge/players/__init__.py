"""Simulated players (hidden preferences over content descriptors) and populations of them.

``SimulatedPlayer`` is the type a population is made of; any object with the same methods
(``session_start``, ``experience``, ``session_end``, ``expected_utility``, ``oracle_descriptors``,
``player_id``) can stand in for it.
"""
from python_bridge.players.population import (
    DEFAULT_COMFORT_AXES,
    TOY_SPACE,
    DescriptorSpace,
    comfort_axes_of,
    KindLike,
    PlayerPopulation,
    PopulationTraits,
    make_population,
    sample_traits,
)
from python_bridge.players.simulated import (
    INTERACTION_KINDS,
    PlayerTraits,
    SimulatedPlayer,
    infer_comfort_axes,
    pseudonymous_id,
)
from python_bridge.players.toy import ToyContentMap

__all__ = [
    "DEFAULT_COMFORT_AXES", "INTERACTION_KINDS", "TOY_SPACE", "DescriptorSpace", "comfort_axes_of", "KindLike", "PlayerPopulation", "PlayerTraits",
    "PopulationTraits", "SimulatedPlayer", "ToyContentMap", "infer_comfort_axes", "make_population",
    "pseudonymous_id", "sample_traits",
]
