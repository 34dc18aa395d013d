"""Step 2 of the loop, offline: the adaptive policy's prior learned from logged sessions of other players.

``fit_prior_from_store_rows`` is what ``vrbridge fit-prior`` runs on a session store (earlier
playtests); ``adaptation`` fits the same prior from the simulated players it logs. Both go
through ``policy.gp_taste.fit_gp_prior``: the content embedding (learned from the kind's corpus,
no players), GP hyperparameters by marginal likelihood over the logged players, and a candidate
pool spread over what the generator makes, described once.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping

import numpy as np

from python_bridge.errors import ConfigError
from python_bridge.policy import diverse_pool
from python_bridge.policy.embedding import ContentEmbedding
from python_bridge.policy.gp_taste import GPPrior, fit_gp_prior


def generate_batched(source: Any, actions: np.ndarray, batch: int = 256) -> np.ndarray:
    """``source.generate`` over any number of actions, ``batch`` at a time (bounded memory)."""
    return np.concatenate([source.generate(actions[i:i + batch]) for i in range(0, len(actions), batch)])


class Embedder:
    """``actions (N, A) -> (N, D)``: the content embedding (``policy.embedding``) of what ``source`` makes there."""

    def __init__(self, source: Any, embedding: ContentEmbedding) -> None:
        self.source, self.embedding = source, embedding

    def __call__(self, actions: np.ndarray) -> np.ndarray:
        actions = np.atleast_2d(actions)
        return self.embedding(generate_batched(self.source, actions))


def candidate_pool(source: Any, embedding: ContentEmbedding, size: int = 2048,
                   seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``(actions (n, A), embeddings (n, D))``: content spread over what the generator makes (``diverse_pool``
    over the embedding); it depends on the generator only, so one pool serves every prior fitted in a run."""
    return diverse_pool(Embedder(source, embedding), source.action_dim, size, seed=seed)


def sessions_from_store_rows(rows: Iterable[Mapping[str, Any]], embed: Embedder,
                             action_dim: int) -> tuple[list[tuple[np.ndarray, np.ndarray]], int]:
    """Rows of ``SessionStore.decisions_with_rewards`` (in write order) -> per session, in show order,
    ``(embeddings (n, D), rewards (n,))``; and how many players they came from."""
    by_session: dict[str, list[Mapping[str, Any]]] = {}
    players = set()
    for r in rows:
        if r.get("reward") is None or not np.isfinite(float(r["reward"])):
            continue
        by_session.setdefault(str(r["session_id"]), []).append(r)
        players.add(r["player_id"])
    sessions = []
    for shows in by_session.values():
        actions = np.array([s["action"] for s in shows], dtype=np.float64)
        if actions.ndim != 2 or actions.shape[1] != action_dim:
            raise ConfigError(f"the logged actions are {actions.shape[1:]}-D, the generator takes {action_dim}-D "
                              "latents; pass the --generator the sessions were played with")
        sessions.append((embed(actions), np.array([float(s["reward"]) for s in shows])))
    return sessions, len(players)


def fit_prior_from_store_rows(source: Any, kind: Any, rows: list[Mapping[str, Any]], *, pool_size: int = 2048,
                              seed: int = 0, decisions: int | None = None) -> tuple[GPPrior, ContentEmbedding]:
    """The adaptive policy's prior from logged store rows (``vrbridge fit-prior``); ``kind``: the content kind object.

    Sessions are cut to ``decisions`` shows (default: the most common length); shorter ones are left out.
    """
    embedding = ContentEmbedding.fit(kind, seed=seed)
    embed = Embedder(source, embedding)
    sessions, players = sessions_from_store_rows(rows, embed, source.action_dim)
    if players < 2 or sum(len(y) for _, y in sessions) < 10:
        raise ConfigError(f"the store holds {sum(len(y) for _, y in sessions)} rewarded decisions of kind {kind.name!r} "
                          f"from {players} players; a prior needs at least 10 from 2 players (log more sessions, or "
                          "check --kind)")
    actions, x = candidate_pool(source, embedding, pool_size, seed)
    try:
        prior = fit_gp_prior(sessions, embed, actions, decisions=decisions, seed=seed, pool_x=x,
                             info={"sessions": len(sessions), "distinct_players": players})
    except ValueError as exc:  # too few sessions of a common length
        raise ConfigError(f"{exc} (log more sessions of the same length, or pass --decisions)") from exc
    return prior, embedding
