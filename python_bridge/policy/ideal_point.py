"""The adaptive policy's taste model: each person has an ideal point in descriptor space, learned as a population of particles.

Preferences for content are single-peaked: people like a certain openness, contrast or warmth
most and less the further content is from it (the ideal-point or unfolding model of
psychometrics). Per person ``theta = (c, imp, s, tau, kappa)``:

    appeal(x)  = exp(-0.5 * mean_i imp_i (x_i - c_i)^2 / s^2)          x: descriptors in [0, 1]
    g(x)       = appeal(x) - kappa * max_k clip(sign_k (x_k - tau_k) / 0.25, 0, 1)   (comfort axes k)
    reward     = a + b * g(x) + N(0, noise_var)                           (a, b, noise_var: shared)

The *population* of ``theta`` is not assumed: it is learned from logged sessions as a discrete
distribution over many candidate people (non-parametric maximum likelihood, Kiefer-Wolfowitz
1956, fitted by EM), refined by resampling candidates around the ones the logs support.
``IdealPointBandit`` keeps the exact posterior over those particles for one player and shows
content by UCB on it, scoring the shared described pool plus latent perturbations of its best pick.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Mapping

import numpy as np

from python_bridge.files import write_atomic
from python_bridge.policy.bandit import annealed_beta, check_horizon
from python_bridge.policy.base import Policy
from python_bridge.policy.content_prior import Describe
from python_bridge.policy.player_model import LoggedDecisions

COMFORT_SPAN = 0.25
"""Normalised distance past a comfort threshold over which discomfort grows from 0 to 1."""


@dataclass
class Particles:
    """``J`` candidate people: ``centre (J, d)``, ``importance (J, d)`` (mean 1), ``width (J,)``,
    ``threshold (J, k)`` per comfort axis, ``kappa (J,)`` the utility lost at full discomfort."""

    centre: np.ndarray
    importance: np.ndarray
    width: np.ndarray
    threshold: np.ndarray
    kappa: np.ndarray

    def __len__(self) -> int:
        return len(self.width)

    def take(self, idx: np.ndarray) -> "Particles":
        return Particles(self.centre[idx], self.importance[idx], self.width[idx], self.threshold[idx], self.kappa[idx])

    @staticmethod
    def concat(parts: list["Particles"]) -> "Particles":
        return Particles(*(np.concatenate([getattr(p, f) for p in parts]) for f in ("centre", "importance", "width", "threshold", "kappa")))


def particle_values(p: Particles, x: np.ndarray, axes: np.ndarray, signs: np.ndarray) -> np.ndarray:
    """``g(x)`` of every particle for every descriptor row: ``(J, N)`` float32.

    ``x (N, d)`` normalised descriptors; ``axes (k,)`` comfort axis indices, ``signs (k,)`` +1 for
    "too much is uncomfortable", -1 for "too little".
    """
    x = np.asarray(x, dtype=np.float64)
    d = x.shape[1]
    w = p.importance / (d * p.width[:, None] ** 2)            # (J, d)
    # mean_i imp_i (x_i - c_i)^2 / s^2, expanded so it is two matrix products, not a (J, N, d) array
    q = w @ (x**2).T - 2.0 * (w * p.centre) @ x.T + np.sum(w * p.centre**2, axis=1, keepdims=True)
    g = np.exp(-0.5 * np.maximum(q, 0.0))
    if len(axes):
        excess = np.clip(signs[None, None, :] * (x[None, :, axes] - p.threshold[:, None, :]) / COMFORT_SPAN, 0.0, 1.0)
        g -= p.kappa[:, None] * excess.max(axis=2)
    return g.astype(np.float32)


@dataclass
class IdealPointPrior:
    """The population, learned: particles with prior ``log_weights (J,)``, the shared reward scale
    ``a + b * g``, ``noise_var``; plus the shared described pool (``pool_actions (P, A)``,
    ``pool_desc (P, d)``, ``pool_values (J, P)``) and ``describe`` for content made off the pool."""

    particles: Particles
    log_weights: np.ndarray
    a: float
    b: float
    noise_var: float
    comfort_axes: np.ndarray
    comfort_signs: np.ndarray
    describe: Describe
    pool_actions: np.ndarray
    pool_desc: np.ndarray
    pool_values: np.ndarray

    @cached_property
    def pool_values_sq(self) -> np.ndarray:
        """``pool_values ** 2``, computed once and shared by every player's policy (UCB's second moment)."""
        return self.pool_values * self.pool_values

    def values(self, desc: np.ndarray) -> np.ndarray:
        """``(J, N)`` ``g`` of each particle for normalised descriptors ``(N, d)``."""
        return particle_values(self.particles, desc, self.comfort_axes, self.comfort_signs)


def _comfort_spec(names: tuple[str, ...], comfort_axes: Mapping[str, str]) -> tuple[np.ndarray, np.ndarray]:
    unknown = [n for n in comfort_axes if n not in names]
    if unknown:
        raise ValueError(f"comfort axes {unknown} are not descriptors of this kind ({', '.join(names)})")
    axes = np.array([names.index(n) for n in comfort_axes], dtype=np.int64)
    signs = np.array([1.0 if how == "high" else -1.0 for how in comfort_axes.values()])
    return axes, signs


def _draw(rng: np.random.Generator, n: int, centres: np.ndarray, k: int, signs: np.ndarray, jitter: float) -> Particles:
    d = centres.shape[1]
    imp = rng.lognormal(0.0, 0.4, size=(n, d))
    thr = np.where(signs > 0, rng.uniform(0.5, 1.0, size=(n, k)), rng.uniform(0.0, 0.5, size=(n, k)))
    return Particles(np.clip(centres[rng.integers(len(centres), size=n)] + jitter * rng.normal(size=(n, d)), 0.0, 1.0),
                     imp / imp.mean(axis=1, keepdims=True), rng.uniform(0.1, 0.35, size=n), thr,
                     rng.uniform(0.0, 2.0, size=n))


def _jitter(rng: np.random.Generator, p: Particles, scale: float, signs: np.ndarray) -> Particles:
    n, d = p.centre.shape
    imp = p.importance * np.exp(scale * rng.normal(size=(n, d)))
    thr = p.threshold + scale * rng.normal(size=p.threshold.shape)
    return Particles(np.clip(p.centre + 0.5 * scale * rng.normal(size=(n, d)), 0.0, 1.0), imp / imp.mean(axis=1, keepdims=True),
                     np.clip(p.width * np.exp(scale * rng.normal(size=n)), 0.08, 0.5), np.clip(thr, 0.0, 1.0),
                     np.clip(p.kappa + 2 * scale * rng.normal(size=n), 0.0, 3.0))


def _player_sums(g: np.ndarray, y: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per player and particle: ``sum g``, ``sum g^2``, ``sum y g``, each ``(P, J)``; rows grouped by player."""
    g64 = g.astype(np.float64)
    return (np.add.reduceat(g64, starts, axis=1).T, np.add.reduceat(g64**2, starts, axis=1).T,
            np.add.reduceat(g64 * y[None], starts, axis=1).T)


def diverse_pool(describe: Describe, action_dim: int, size: int = 2048, *, bound: float = 1.0, oversample: int = 4,
                 expand_rounds: int = 1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Candidate content that covers what the generator can make: ``(actions (n, A), descriptors (n, d))``, ``n <= size``.

    Uniform latent points give content bunched in the middle of the descriptor space, and people
    whose taste lies near its edge are then served poorly. So: describe ``oversample * size``
    uniform points, keep ``size`` of them by farthest-point sampling over their (normalised)
    descriptors, then ``expand_rounds`` times add a latent perturbation of each kept point and
    select again, which pushes the pool out to the edges. Content that cannot be described is
    dropped. Measured on the textures VAE (30 simulated players): the pool's best item for each
    player is worth 0.92 of their oracle with 2048 uniform points, 0.97 with this pool.
    """
    rng = np.random.default_rng(seed)

    def described(actions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        desc = np.asarray(describe(actions), dtype=np.float64)
        ok = np.all(np.isfinite(desc), axis=1)
        return actions[ok], desc[ok]

    actions, desc = described(rng.uniform(-bound, bound, size=(oversample * size, action_dim)))
    for r in range(expand_rounds + 1):
        if len(actions) == 0:
            raise ValueError("no content in the latent box could be described; check the kind's descriptors")
        keep = _farthest_points(desc, min(size, len(desc)), rng)
        actions, desc = actions[keep], desc[keep]
        if r < expand_rounds:
            kids, kid_desc = described(np.clip(actions + 0.3 * bound * rng.normal(size=actions.shape), -bound, bound))
            actions, desc = np.concatenate([actions, kids]), np.concatenate([desc, kid_desc])
    return actions, desc


def _farthest_points(x: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """Indices of ``k`` rows of ``x`` chosen greedily, each as far (RMS) as possible from those already chosen."""
    chosen = np.empty(k, dtype=np.int64)
    chosen[0] = rng.integers(len(x))
    dist = np.mean((x - x[chosen[0]]) ** 2, axis=1)
    for i in range(1, k):
        chosen[i] = int(np.argmax(dist))
        dist = np.minimum(dist, np.mean((x - x[chosen[i]]) ** 2, axis=1))
    return chosen


def fit_ideal_point_prior(logs: LoggedDecisions, describe: Describe, pool_actions: np.ndarray, *,
                          descriptor_names: tuple[str, ...], comfort_axes: Mapping[str, str] | None = None,
                          candidates: int = 8000, rounds: int = 3, keep: int = 4000, em_iters: int = 60,
                          smooth: float = 0.06, seed: int = 0, pool_desc: np.ndarray | None = None) -> IdealPointPrior:
    """Learn the population of ideal points from logs whose ``x`` are normalised descriptors of what was shown.

    Round 1 draws ``candidates`` people around what players rated highly (and uniformly); each
    later round adds jittered copies of the candidates the previous EM weighed most. EM fits the
    candidate weights (non-parametric ML) and the shared ``a, b, noise_var``. ``keep`` particles
    are resampled from the final weights and jittered by ``smooth`` (a kernel-smoothed prior: the
    ML weights are spiky, and a new person is rarely exactly one of the logged ones).
    ``pool_desc``: the pool's normalised descriptors when already known (``diverse_pool``), else described here.
    """
    if pool_desc is not None and len(pool_desc) != len(pool_actions):
        raise ValueError(f"pool_desc has {len(pool_desc)} rows for {len(pool_actions)} pool actions; pass one row per action")
    rng = np.random.default_rng(seed)
    finite = np.all(np.isfinite(logs.x), axis=1)  # a show that could not be described says nothing about taste
    if not finite.any():
        raise ValueError("no logged show has finite descriptors; check the kind's descriptors of the logged content")
    logs = logs.subset(np.flatnonzero(finite))
    order = np.argsort(logs.player, kind="stable")
    x, y, pl = logs.x[order].astype(np.float64), logs.reward[order].astype(np.float64), logs.player[order]
    starts = np.flatnonzero(np.r_[True, pl[1:] != pl[:-1]])
    counts = np.diff(np.r_[starts, len(y)]).astype(np.float64)
    d = x.shape[1]
    axes, signs = _comfort_spec(tuple(descriptor_names), comfort_axes or {})
    # Where people's ideals may be: each player's best-rated shows, and anywhere at all.
    top = np.concatenate([x[s + np.argsort(-y[s:s + int(n)])[:3]] for s, n in zip(starts, counts)])
    pool = _draw(rng, candidates // 2, top, len(axes), signs, 0.05)
    pool = Particles.concat([pool, _draw(rng, candidates - candidates // 2, rng.uniform(0, 1, (candidates - candidates // 2, d)), len(axes), signs, 0.0)])
    # A log of identical rewards has no variance; the floor is the M-step's.
    a, b, noise_var = float(np.percentile(y, 5)), float(np.percentile(y, 95) - np.percentile(y, 5)), max(float(np.var(y)), 1e-4)
    sy, syy = np.add.reduceat(y, starts), np.add.reduceat(y**2, starts)
    for r in range(rounds):
        # In chunks of particles, so memory stays at (chunk, logged rows) whatever the log size.
        sums = [_player_sums(particle_values(pool.take(np.arange(i, min(i + 1024, len(pool)))), x, axes, signs), y, starts)
                for i in range(0, len(pool), 1024)]
        s1, s2, syg = (np.concatenate([c[k] for c in sums], axis=1) for k in range(3))
        log_pi = np.full(len(pool), -np.log(len(pool)))
        for _ in range(em_iters):
            # E-step: each player's posterior over candidates; M-step: weights, then a, b, noise by weighted LS.
            sse = (syy[:, None] - 2 * a * sy[:, None] - 2 * b * syg + counts[:, None] * a * a + 2 * a * b * s1 + b * b * s2)
            ll = -0.5 * sse / noise_var + log_pi[None]
            resp = np.exp(ll - ll.max(axis=1, keepdims=True))
            resp /= resp.sum(axis=1, keepdims=True)
            log_pi = np.log(resp.mean(axis=0) + 1e-300)
            n_, g1, g2 = counts.sum(), np.sum(resp * s1), np.sum(resp * s2)
            y1, yg = sy.sum(), np.sum(resp * syg)
            b = float((yg - g1 * y1 / n_) / max(g2 - g1 * g1 / n_, 1e-9))
            a = float((y1 - b * g1) / n_)
            sse = (syy[:, None] - 2 * a * sy[:, None] - 2 * b * syg + counts[:, None] * a * a + 2 * a * b * s1 + b * b * s2)
            noise_var = float(max(np.sum(resp * sse) / n_, 1e-4))
        if r < rounds - 1:
            # Refine: jittered copies of what the logs support, replacing what they do not.
            pi = np.exp(log_pi)
            alive = np.flatnonzero(pi > 1e-6)
            parents = pool.take(rng.choice(len(pool), size=candidates, p=pi / pi.sum()))
            pool = Particles.concat([pool.take(alive), _jitter(rng, parents, 0.1, signs)])
    pi = np.exp(log_pi)
    chosen = _jitter(rng, pool.take(rng.choice(len(pool), size=keep, p=pi / pi.sum())), smooth, signs)
    pool_actions = np.asarray(pool_actions, dtype=np.float64)
    pool_desc = describe(pool_actions) if pool_desc is None else np.asarray(pool_desc, dtype=np.float64)
    ok = np.all(np.isfinite(pool_desc), axis=1)
    pool_actions, pool_desc = pool_actions[ok], pool_desc[ok]
    return IdealPointPrior(chosen, np.full(keep, -np.log(keep)), a, b, noise_var, axes, signs, describe,
                           pool_actions, pool_desc, particle_values(chosen, pool_desc, axes, signs))


PRIOR_FORMAT = "vrbridge-ideal-point-prior/1"
_PRIOR_MAX_BYTES = 512 * 2**20  # a prior is a few MB; anything far larger is not one of ours


def save_ideal_point_prior(prior: IdealPointPrior, path: str | os.PathLike, *, meta: Mapping[str, object]) -> Path:
    """Write ``prior`` to ``path`` (``.npz``) atomically: a temporary file beside it, then a rename.

    ``meta``: what the prior is only valid with, checked by ``load_ideal_point_prior`` (the loop
    passes ``adaptation.prior_identity``: kind, descriptor names, generator, latent size). The pool's values are not
    saved (they are recomputed from the particles on load), nor is ``describe`` (the caller's generator).
    """
    p = prior.particles
    arrays = {"centre": p.centre, "importance": p.importance, "width": p.width, "threshold": p.threshold,
              "kappa": p.kappa, "log_weights": prior.log_weights, "scale": np.array([prior.a, prior.b, prior.noise_var]),
              "comfort_axes": prior.comfort_axes, "comfort_signs": prior.comfort_signs,
              "pool_actions": prior.pool_actions, "pool_desc": prior.pool_desc,
              "meta": np.array(json.dumps({"format": PRIOR_FORMAT, **meta}))}
    return write_atomic(path, lambda fh: np.savez(fh, **arrays))


def load_ideal_point_prior(path: str | os.PathLike, describe: Describe, *, expect: Mapping[str, object]) -> IdealPointPrior:
    """Read a prior written by ``save_ideal_point_prior`` (no pickles), for content ``describe`` describes.

    ``expect``: metadata that must match what the prior was fitted with (``kind``, ``generator``,
    ...); a mismatch raises ``ValueError`` naming both and the fix.
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"no prior at {path}; fit one with `vrbridge fit-prior --db SESSIONS.sqlite --out {path}`")
    if path.stat().st_size > _PRIOR_MAX_BYTES:
        raise ValueError(f"{path} is {path.stat().st_size} bytes, over the {_PRIOR_MAX_BYTES}-byte cap for a prior")
    try:
        with np.load(path, allow_pickle=False) as z:
            a = {k: z[k] for k in z.files}
        meta = json.loads(str(a.pop("meta")))
    except Exception as exc:  # noqa: BLE001 - any unreadable file gets the same advice
        raise ValueError(f"{path} is not a vrbridge prior ({exc}); refit it with `vrbridge fit-prior`") from exc
    if meta.get("format") != PRIOR_FORMAT:
        raise ValueError(f"{path} has format {meta.get('format')!r}, this vrbridge reads {PRIOR_FORMAT!r}; refit it with `vrbridge fit-prior`")
    for key, want in expect.items():
        got = meta.get(key)
        if got != json.loads(json.dumps(want)):  # compared as saved: tuples become lists
            raise ValueError(f"{path} was fitted for {key} {got!r}, this run has {want!r}; run with the kind and "
                             "generator it was fitted for, or refit it with `vrbridge fit-prior`")
    need = ("centre", "importance", "width", "threshold", "kappa", "log_weights", "scale", "comfort_axes",
            "comfort_signs", "pool_actions", "pool_desc")
    missing = [k for k in need if k not in a]
    if missing:
        raise ValueError(f"{path} lacks {missing}; refit it with `vrbridge fit-prior`")
    j, d = len(a["width"]), (a["centre"].shape[1] if a["centre"].ndim == 2 else -1)
    consistent = (j > 0 and a["centre"].shape == a["importance"].shape == (j, d) and a["kappa"].shape == a["log_weights"].shape == (j,)
                  and a["threshold"].shape[:1] == (j,) and a["scale"].shape == (3,)
                  and a["pool_desc"].shape == (len(a["pool_actions"]), d))
    if not consistent or not all(np.all(np.isfinite(a[k])) for k in need):
        raise ValueError(f"{path} is damaged (inconsistent shapes or non-finite values); refit it with `vrbridge fit-prior`")
    particles = Particles(a["centre"], a["importance"], a["width"], a["threshold"], a["kappa"])
    axes, signs = a["comfort_axes"].astype(np.int64), a["comfort_signs"].astype(np.float64)
    return IdealPointPrior(particles, a["log_weights"], float(a["scale"][0]), float(a["scale"][1]), float(a["scale"][2]),
                           axes, signs, describe, a["pool_actions"], a["pool_desc"],
                           particle_values(particles, a["pool_desc"], axes, signs))


class IdealPointBandit(Policy):
    """The adaptive policy: exact Bayes over the prior's particles, UCB over content candidates.

    Candidates: the prior's described pool (inside this policy's bound) and everything described
    this session; each ask runs ``search_rounds`` rounds of ``n_candidates`` latent perturbations
    of the best candidate so far (scales 0.03 / 0.1 / 0.3), generated and described on the spot: a
    hill climb on the acquisition (measured offline on textures, 3 rounds against 1: 0.91 of the
    oracle at decision 20 against 0.87 on one seed, 0.92 against 0.90 on another). ``horizon`` (decisions per
    session, when known) lowers the UCB weight linearly from ``ucb_beta`` to 0 at the last decision.
    ``ucb_beta`` defaults to 2 with a horizon (looking harder early pays at the end: offline on
    textures, 120 players over 4 seeds, 0.94 of the oracle at decision 20 against 0.91 with 1, the
    session mean unchanged at 0.85, decision 1 at 0.54 against 0.61) and to 1 without one (an
    open-ended session never cashes in what it explored: 0.82 over 20 decisions against 0.78 with 2,
    30 players). The likelihood
    assumes ``noise_scale`` times the fitted noise variance: rewards also move with things the
    model leaves out (fatigue, novelty), and an overconfident posterior stops looking too early
    (measured offline on textures: 2x the variance, 0.81 of the oracle over a session against 0.79).
    """

    name = "adaptive"

    def __init__(self, prior: IdealPointPrior, action_dim: int, bound: float = 1.0, seed: int = 0, *,
                 n_candidates: int = 32, ucb_beta: float | None = None, horizon: int | None = None,
                 noise_scale: float = 2.0, search_rounds: int = 3) -> None:
        super().__init__(action_dim, bound, seed)
        if prior.pool_actions.shape[1] != action_dim:
            raise ValueError(f"the prior's pool has {prior.pool_actions.shape[1]}-D actions, the policy {action_dim}-D")
        self.prior, self.n_candidates = prior, int(n_candidates)
        self.search_rounds = max(1, int(search_rounds))
        self.horizon = check_horizon(horizon)
        self.ucb_beta = float(ucb_beta) if ucb_beta is not None else (2.0 if self.horizon is not None else 1.0)
        self.noise_var = prior.noise_var * noise_scale
        inside = np.all(np.abs(prior.pool_actions) <= bound, axis=1)
        # The pool block is shared by every player's policy; it is copied only when the bound cuts it.
        pool = (prior.pool_actions, prior.pool_values, prior.pool_values_sq) if inside.all() else \
            (prior.pool_actions[inside], prior.pool_values[:, inside], prior.pool_values_sq[:, inside])
        self._pool_block = pool
        self._reset()

    def _reset(self) -> None:
        self.log_w = self.prior.log_weights.copy()
        # Candidates as blocks (actions (n, A), values (J, n), values^2 (J, n) or None): the pool, whose
        # squares the prior caches for every player, then what each search round made (squared when scored:
        # cheap next to describing, and it halves what a session holds).
        self._blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray | None]] = [self._pool_block]
        self._pending_values: np.ndarray | None = None

    def current_beta(self) -> float:
        """The UCB weight of the next ask: ``ucb_beta``, scaled by the decisions left when ``horizon`` is set."""
        return annealed_beta(self.ucb_beta, self.horizon, self.n_decisions)

    def posterior(self) -> np.ndarray:
        """``(J,)`` posterior weights over the particles."""
        w = np.exp(self.log_w - self.log_w.max())
        return w / w.sum()

    @staticmethod
    def _scores(block: tuple[np.ndarray, np.ndarray, np.ndarray | None], w: np.ndarray, beta: float) -> np.ndarray:
        """Posterior mean + beta * std of ``g`` for a block's candidates, ``(n,)``."""
        _, values, squares = block
        mean = w @ values
        if beta == 0.0:
            return mean
        second = w @ (values * values if squares is None else squares)
        return mean + beta * np.sqrt(np.maximum(second - mean**2, 0.0))

    def _ask(self, context: np.ndarray | None) -> np.ndarray:
        w, beta = self.posterior().astype(np.float32), self.current_beta()
        # Each block is scored once per ask; (score, block, index) of the best candidate so far.
        top = max(((float(s.max()), i, int(s.argmax())) for i, s in
                   enumerate(self._scores(b, w, beta) for b in self._blocks) if len(s)), default=None)
        # Hill-climb the acquisition (posterior mean + beta * std) in latent space: each round
        # perturbs the best candidate so far. The content the fitted people like most often lies at
        # the edge of what the generator makes, which one round of perturbations rarely reaches.
        for _ in range(self.search_rounds if self.n_candidates else int(top is None)):
            top = self._search_round(top, w, beta)
        if top is None:
            raise RuntimeError("no candidate content could be described inside the safe bound; widen the bound "
                               "or check the kind's descriptors")
        self._pending_values = self._blocks[top[1]][1][:, top[2]]
        return self._blocks[top[1]][0][top[2]]

    def _search_round(self, top: tuple[float, int, int] | None, w: np.ndarray, beta: float) -> tuple[float, int, int] | None:
        """Describe ``n_candidates`` latent perturbations of the best candidate; they join this session's candidates."""
        # A bound so tight that no pool point is inside starts the search from a uniform point.
        centre = self.uniform() if top is None else self._blocks[top[1]][0][top[2]]
        near = self.perturb(centre, max(self.n_candidates, 1), (0.03, 0.1, 0.3))
        if top is None:
            near[0] = centre
        desc = self.prior.describe(near)
        ok = np.all(np.isfinite(desc), axis=1)  # content that cannot be described is never a candidate
        if not ok.any():
            return top
        values = self.prior.values(desc[ok])
        self._blocks.append((near[ok], values, None))
        s = self._scores(self._blocks[-1], w, beta)
        return top if top is not None and s.max() <= top[0] else (float(s.max()), len(self._blocks) - 1, int(s.argmax()))

    def _tell(self, action: np.ndarray, reward: float) -> None:
        g = self._pending_values if self._pending_values is not None else self.prior.values(self.prior.describe(action[None]))[:, 0]
        self.log_w = self.log_w - 0.5 * (reward - self.prior.a - self.prior.b * g.astype(np.float64)) ** 2 / self.noise_var
