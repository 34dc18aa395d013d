"""A player (reward) model learned from logged sessions by preference learning, and offline pretraining on it.

Data: logged decisions ``(player_id, x, context, reward)``; ``x`` is what was shown, as the action
(latent) or as descriptors. Ratings differ in scale and bias from person to person, so the model
learns from *pairs shown to the same player* with a Bradley–Terry loss:

    P(i preferred to j) = sigmoid(s_p(x_i, c_i) - s_p(x_j, c_j)),
    s_p(x, c) = phi(x, c) . (w0 + u_p)                                    (1)

``phi`` is an MLP shared by everyone, ``w0`` the population's taste and ``u_p`` a small
per-player deviation (L2-penalised). Then an empirical-Bayes ``RewardPrior`` turns it into the
prior of a Bayesian linear bandit on rewards: ``reward ~ [1, phi(x)] . w``, with ``w`` drawn from
a mixture of Gaussians (groups of people with similar taste) fitted by EM over the logged players
(``fit_mixture_prior``). ``BanditPolicy`` with that prior is the adaptive policy (population prior
+ per-player posterior), and ``pretrain_policy`` runs any policy against players sampled from the
prior before it meets people (e.g. PPO).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

import numpy as np
import torch
from torch import nn

from python_bridge.policy.bandit import blr_posterior, log_marginal
from python_bridge.policy.base import Policy


@dataclass
class LoggedDecisions:
    """Decisions with rewards, grouped by player; ``N`` rows.

    ``player``: ``(N,)`` int index into ``player_ids``; ``x``: ``(N, X)``; ``context``: ``(N, C)``
    (``C`` may be 0); ``reward``: ``(N,)``.
    """

    player_ids: list[str]
    player: np.ndarray
    x: np.ndarray
    context: np.ndarray
    reward: np.ndarray

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]]) -> "LoggedDecisions":
        """From dicts with ``player_id``, ``x`` (or ``action``), ``reward`` and optional ``context``.

        ``SessionStore.decisions_with_rewards()`` rows fit as they are.
        """
        ids: dict[str, int] = {}
        player, xs, ctxs, rewards = [], [], [], []
        for r in records:
            x = r.get("x", r.get("action"))
            rew = r.get("reward")
            if x is None or rew is None or not np.isfinite(rew):
                continue
            player.append(ids.setdefault(str(r["player_id"]), len(ids)))
            xs.append(np.asarray(x, dtype=np.float32).ravel())
            c = r.get("context")
            ctxs.append(np.zeros(0, np.float32) if c is None else np.asarray(c, dtype=np.float32).ravel())
            rewards.append(float(rew))
        if not xs:
            raise ValueError("no usable records: each needs player_id, x (or action) and a finite reward")
        cdim = max(c.size for c in ctxs)
        ctx = np.zeros((len(ctxs), cdim), np.float32)
        for i, c in enumerate(ctxs):
            ctx[i, : c.size] = c
        return cls(list(ids), np.asarray(player), np.stack(xs), ctx, np.asarray(rewards, dtype=np.float32))

    def __len__(self) -> int:
        return len(self.reward)

    def subset(self, rows: np.ndarray) -> "LoggedDecisions":
        """The rows ``rows`` (same player index space)."""
        return LoggedDecisions(self.player_ids, self.player[rows], self.x[rows], self.context[rows], self.reward[rows])

    def split(self, test_frac: float, seed: int = 0, by_player: bool = False) -> tuple["LoggedDecisions", "LoggedDecisions"]:
        """Train/test split: by rows within players (held-out pairs of known players), or by whole players."""
        rng = np.random.default_rng(seed)
        if by_player:
            test_players = rng.permutation(len(self.player_ids))[: int(round(test_frac * len(self.player_ids)))]
            mask = np.isin(self.player, test_players)
        else:
            mask = rng.random(len(self)) < test_frac
        return self.subset(np.flatnonzero(~mask)), self.subset(np.flatnonzero(mask))

    def pairs(self, seed: int = 0, max_pairs_per_player: int = 400, min_gap: float = 1e-6) -> np.ndarray:
        """``(P, 2)`` row pairs ``(winner, loser)`` of the same player whose rewards differ by > ``min_gap``."""
        rng = np.random.default_rng(seed)
        out = []
        for p in np.unique(self.player):
            rows = np.flatnonzero(self.player == p)
            i, j = np.triu_indices(rows.size, k=1)
            if i.size > max_pairs_per_player:
                keep = rng.choice(i.size, max_pairs_per_player, replace=False)
                i, j = i[keep], j[keep]
            a, b = rows[i], rows[j]
            gap = self.reward[a] - self.reward[b]
            ok = np.abs(gap) > min_gap
            a, b, gap = a[ok], b[ok], gap[ok]
            out.append(np.stack([np.where(gap > 0, a, b), np.where(gap > 0, b, a)], axis=1))
        return np.concatenate(out) if out else np.zeros((0, 2), dtype=np.int64)


class PlayerModel(nn.Module):
    """Bradley–Terry scores ``s_p(x, c) = phi(x, c) . (w0 + u_p)`` (eq. 1); ``player=None`` is the population."""

    def __init__(self, x_dim: int, context_dim: int = 0, n_players: int = 0, n_features: int = 16, hidden: int = 64) -> None:
        super().__init__()
        self.x_dim, self.context_dim, self.n_features = x_dim, context_dim, n_features
        self.phi = nn.Sequential(
            nn.Linear(x_dim + context_dim, hidden), nn.SiLU(),  # (B, hidden)
            nn.Linear(hidden, hidden), nn.SiLU(),                # (B, hidden)
            nn.Linear(hidden, n_features), nn.Tanh(),            # (B, K) bounded features keep the bandit well-posed
        )
        self.w0 = nn.Parameter(torch.randn(n_features) * 0.1)
        self.u = nn.Embedding(max(n_players, 1), n_features)
        nn.init.zeros_(self.u.weight)

    def features(self, x: torch.Tensor, context: torch.Tensor | None = None) -> torch.Tensor:
        """``(B, X)``, ``(B, C)`` -> ``(B, K)``."""
        if self.context_dim:
            if context is None:
                context = torch.zeros(x.shape[0], self.context_dim, dtype=x.dtype)
            x = torch.cat([x, context], dim=1)
        return self.phi(x)

    def forward(self, x: torch.Tensor, context: torch.Tensor | None = None, player: torch.Tensor | None = None) -> torch.Tensor:
        """Scores ``(B,)``; ``player``: ``(B,)`` long indices, or None for the population score."""
        w = self.w0 if player is None else self.w0 + self.u(player)
        return (self.features(x, context) * w).sum(-1)

    @torch.no_grad()
    def features_np(self, x: np.ndarray, context: np.ndarray | None = None) -> np.ndarray:
        """``(N, X)`` -> ``(N, K)`` float64, for numpy callers (the bandit)."""
        xt = torch.as_tensor(np.atleast_2d(x), dtype=torch.float32)
        ct = None
        if self.context_dim and context is not None:
            ct = torch.as_tensor(np.broadcast_to(np.asarray(context, np.float32).ravel()[: self.context_dim], (xt.shape[0], self.context_dim)).copy())
        return self.features(xt, ct).double().numpy()


@dataclass
class FitConfig:
    """Knobs of ``fit_player_model``."""

    n_features: int = 16
    """``K``: size of the learned feature map."""
    hidden: int = 64
    epochs: int = 40
    batch_size: int = 1024
    lr: float = 3e-3
    player_l2: float = 1e-2
    """L2 on per-player deviations ``u_p``: how strongly people are pulled to the population."""
    weight_decay: float = 1e-5
    max_pairs_per_player: int = 400
    seed: int = 0


def fit_player_model(data: LoggedDecisions, config: FitConfig = FitConfig()) -> PlayerModel:
    """Fit eq. (1) by minimising the Bradley–Terry loss over within-player pairs."""
    torch.manual_seed(config.seed)
    model = PlayerModel(data.x.shape[1], data.context.shape[1], len(data.player_ids), config.n_features, config.hidden)
    pairs = torch.as_tensor(data.pairs(config.seed, config.max_pairs_per_player))
    if len(pairs) == 0:
        raise ValueError("no preference pairs: every player needs >= 2 decisions with different rewards")
    x = torch.as_tensor(data.x)
    c = torch.as_tensor(data.context) if data.context.shape[1] else None
    player = torch.as_tensor(data.player, dtype=torch.long)
    opt = torch.optim.Adam(model.parameters(), lr=config.lr, weight_decay=config.weight_decay)
    gen = torch.Generator().manual_seed(config.seed)
    for _ in range(config.epochs):
        for idx in torch.randperm(len(pairs), generator=gen).split(config.batch_size):
            win, lose = pairs[idx, 0], pairs[idx, 1]
            # Bradley–Terry: maximise log sigmoid(s(winner) - s(loser)) for the same player.
            s_w = model(x[win], None if c is None else c[win], player[win])
            s_l = model(x[lose], None if c is None else c[lose], player[lose])
            loss = -nn.functional.logsigmoid(s_w - s_l).mean()
            loss = loss + config.player_l2 * model.u(player[win]).pow(2).sum(-1).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
    return model.eval()


@torch.no_grad()
def pairwise_accuracy(model: PlayerModel, data: LoggedDecisions, per_player: bool = True, seed: int = 1) -> float:
    """Fraction of within-player pairs of ``data`` the model orders like the rewards do.

    ``per_player=False`` uses the population score (for players the model never saw).
    """
    pairs = data.pairs(seed)
    if len(pairs) == 0:
        return float("nan")
    x = torch.as_tensor(data.x)
    c = torch.as_tensor(data.context) if data.context.shape[1] else None
    player = torch.as_tensor(data.player, dtype=torch.long) if per_player else None
    s = model(x, c, player).numpy()
    return float(np.mean(s[pairs[:, 0]] > s[pairs[:, 1]]))


@dataclass
class RewardPrior:
    """Population prior of a Bayesian linear reward model, a mixture of Gaussians over the weights.

    ``reward = [1, phi(x)] . w + N(0, noise_var)``, ``w ~ sum_m weights[m] N(means[m], covs[m])``:
    each component is a group of people with similar taste. ``weights``: ``(M,)``; ``means``:
    ``(M, K+1)``; ``covs``: ``(M, K+1, K+1)``. ``feature_map(actions (N, A), context) -> (N, K+1)``
    plugs into ``BanditPolicy``.
    """

    model: PlayerModel
    weights: np.ndarray
    means: np.ndarray
    covs: np.ndarray
    noise_var: float
    to_x: Callable[[np.ndarray], np.ndarray] | None = None
    """Maps actions to the model's ``x`` (e.g. generator + normalised descriptors) when the model was fit on descriptors."""

    @property
    def mean(self) -> np.ndarray:
        """``(K+1,)`` mean of the whole mixture."""
        return self.weights @ self.means

    @property
    def cov(self) -> np.ndarray:
        """``(K+1, K+1)`` covariance of the whole mixture (moment-matched)."""
        d = self.means - self.mean
        return np.einsum("m,mij->ij", self.weights, self.covs) + np.einsum("m,mi,mj->ij", self.weights, d, d)

    def feature_map(self, actions: np.ndarray, context: np.ndarray | None = None) -> np.ndarray:
        x = np.atleast_2d(actions) if self.to_x is None else self.to_x(np.atleast_2d(actions))
        phi = self.model.features_np(x, context)
        return np.concatenate([np.ones((phi.shape[0], 1)), phi], axis=1)

    def mean_reward(self, actions: np.ndarray, context: np.ndarray | None = None) -> np.ndarray:
        """``(N,)`` population-mean reward of ``(N, A)`` actions."""
        return self.feature_map(actions, context) @ self.mean

    def sample_player(self, rng: np.random.Generator) -> Callable[[np.ndarray], float]:
        """A synthetic player drawn from the prior: ``action (A,) -> noisy reward``."""
        m = int(rng.choice(len(self.weights), p=self.weights))
        w = rng.multivariate_normal(self.means[m], self.covs[m], method="cholesky")
        sd = float(np.sqrt(self.noise_var))
        return lambda a: float(self.feature_map(np.asarray(a)[None])[0] @ w + rng.normal(0.0, sd))


def fit_mixture_prior(X: np.ndarray, player: np.ndarray, y: np.ndarray, *, n_components: int = 4, iters: int = 30,
                      seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Empirical Bayes by EM for ``y_p = X_p w_p + noise``, ``w_p ~ sum_m pi_m N(mu_m, Sigma_m)``.

    ``X``: ``(N, K)`` features, ``player``: ``(N,)`` ids, ``y``: ``(N,)`` rewards. Returns
    ``(weights (M,), means (M, K), covs (M, K, K), noise_var)``. The E-step weighs each component by
    the player's marginal likelihood and computes the posterior of ``w_p``; the M-step refits the
    mixture (posterior covariances included, so the spread is not inflated by estimation noise)
    and the shared noise variance.
    """
    rng = np.random.default_rng(seed)
    k = X.shape[1]
    ids = np.unique(player)
    players = [np.flatnonzero(player == p) for p in ids]
    P, M = len(players), max(1, min(n_components, len(players)))
    # Start: ridge fit per player, components seeded on random players, one shared broad covariance.
    Wr = np.stack([np.linalg.solve(X[r].T @ X[r] + np.eye(k), X[r].T @ y[r]) for r in players])
    means = Wr[rng.choice(P, M, replace=False)].copy()
    covs = np.repeat((np.cov(Wr, rowvar=False).reshape(k, k) + 1e-3 * np.eye(k))[None], M, axis=0)
    weights = np.full(M, 1.0 / M)
    noise_var = float(np.mean([np.var(y[r] - X[r] @ w) for r, w in zip(players, Wr)]) + 1e-3)
    for _ in range(iters):
        # E-step: responsibilities (P, M) and per-component posteriors of each player's weights.
        logr = np.zeros((P, M))
        post = [[blr_posterior(X[r], y[r], means[m], covs[m], noise_var) for m in range(M)] for r in players]
        for i, r in enumerate(players):
            for m in range(M):
                logr[i, m] = np.log(weights[m] + 1e-12) + log_marginal(X[r], y[r], means[m], covs[m], noise_var)
        resp = np.exp(logr - logr.max(1, keepdims=True))
        resp /= resp.sum(1, keepdims=True)
        # M-step.
        nk = resp.sum(0) + 1e-9
        weights = nk / P
        for m in range(M):
            pm = np.stack([post[i][m][0] for i in range(P)])
            means[m] = resp[:, m] @ pm / nk[m]
            spread = sum(resp[i, m] * (post[i][m][1] + np.outer(pm[i] - means[m], pm[i] - means[m])) for i in range(P))
            covs[m] = spread / nk[m] + 1e-4 * np.eye(k)
        sse = 0.0
        for i, r in enumerate(players):
            for m in range(M):
                mu_pm, cov_pm = post[i][m]
                res = y[r] - X[r] @ mu_pm
                sse += resp[i, m] * (res @ res + np.sum((X[r] @ cov_pm) * X[r]))
        noise_var = float(max(sse / len(y), 1e-4))
    return weights, means, covs, noise_var


@torch.no_grad()
def fit_reward_prior(model: PlayerModel, data: LoggedDecisions, *, n_components: int = 4, iters: int = 30,
                     inflate: float = 1.0, seed: int = 0, to_x: Callable[[np.ndarray], np.ndarray] | None = None) -> RewardPrior:
    """The population prior on ``[1, phi(x)]`` (``phi`` from the BT model) by EM (``fit_mixture_prior``).

    ``inflate`` widens the fitted covariances; ``to_x`` maps actions to the model's ``x`` later.
    """
    # data.x is in the model's input space; to_x is only kept for mapping actions later.
    phi = model.features_np(data.x, data.context if data.context.shape[1] else None)
    X = np.concatenate([np.ones((len(phi), 1)), phi], axis=1)
    weights, means, covs, noise_var = fit_mixture_prior(X, data.player, data.reward.astype(np.float64),
                                                        n_components=n_components, iters=iters, seed=seed)
    return RewardPrior(model, weights, means, covs * inflate, noise_var, to_x)


def pretrain_policy(policy: Policy, prior: RewardPrior, n_players: int, decisions: int, seed: int = 0,
                    context_fn: Callable[[np.ndarray, float], np.ndarray | None] | None = None) -> np.ndarray:
    """Run ``policy`` against ``n_players`` synthetic players sampled from ``prior``, ``decisions`` each.

    Returns the ``(n_players,)`` mean reward per player (a learning curve). ``context_fn(action,
    reward)`` makes the next context (default: none). Policies that learn across players (PPO)
    learn; per-player policies just get exercised.
    """
    rng = np.random.default_rng(seed)
    curve = np.zeros(n_players)
    for i in range(n_players):
        player = prior.sample_player(rng)
        policy.reset()
        ctx, total = None, 0.0
        for _ in range(decisions):
            a = policy.ask(ctx)
            r = player(a)
            policy.tell(r)
            total += r
            ctx = context_fn(a, r) if context_fn else None
        curve[i] = total / decisions
    policy.reset()
    return curve
