"""The adaptive policy: one Gaussian process per player over what the content is, with a population prior learned from others.

Taste model, for one player, over the content embedding ``x`` (``policy.embedding``) and the
decision index ``t`` within the session::

    reward(x, t) = m(x) + b + f(x, t) + noise
    m(x) = w . x + w0                        population mean: what people liked (learned from logs)
    b    ~ N(0, c^2)                         the player's own offset (harsh or lenient, thresholds)
    f    ~ GP(0, s^2 RBF_ARD(x, x') (rho + (1 - rho) exp(-|t - t'| / tau)))
    noise ~ N(0, sigma^2)

Nothing here assumes a shape of taste: several liked regions, or a liking of something no
descriptor names, are functions the GP can hold. ``rho < 1`` lets old evidence fade (taste that
drifts). The *population prior* is the shared hyperparameters ``(w, w0, c, s, lengthscales, rho,
tau, sigma)``, fitted by maximising the marginal likelihood of logged sessions of *other* players,
each an independent draw (``fit_gp_prior``). Per player the posterior is exact (a few dozen points).

``GPTasteBandit`` shows the candidate with the best posterior mean + beta * std (beta falling to
0 at the last decision when the session length is known). Candidates: a shared pool of content
spread over what the generator makes (``pool_actions``, embedded once), plus ``search_rounds``
rounds of latent perturbations of the best candidate so far, generated and embedded per ask: the
next item is searched in the generator's input space, not only picked from the pool.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Mapping

import numpy as np
import torch

from python_bridge.policy.bandit import annealed_beta, check_horizon
from python_bridge.policy.base import Policy

Embed = Callable[[np.ndarray], np.ndarray]
"""``(N, action_dim)`` actions -> ``(N, D)`` embeddings of the content made there (rows may be non-finite)."""


@dataclass
class GPHyper:
    """The population prior: shared hyperparameters of every player's GP (see the module docstring)."""

    w: np.ndarray
    w0: float
    offset_var: float
    signal_var: float
    lengthscales: np.ndarray
    rho: float
    tau: float
    noise_var: float
    mean_x: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    """``(M, D)`` logged shows of other players behind the non-linear part of the population mean."""
    mean_alpha: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """``(M,)`` their weights: ``m(x) = w . x + w0 + s^2 RBF(x, mean_x) @ mean_alpha``."""

    def mean(self, x: np.ndarray) -> np.ndarray:
        """The population mean ``m(x)`` of reward for content embedded as ``x (N, D)``."""
        out = np.asarray(x) @ self.w + self.w0
        if len(self.mean_alpha):
            out = out + self.signal_var * _rbf(self, x, self.mean_x) @ self.mean_alpha
        return out


def _rbf(h: GPHyper, xa: np.ndarray, xb: np.ndarray) -> np.ndarray:
    a, b = xa / h.lengthscales, xb / h.lengthscales
    return np.exp(-0.5 * np.maximum((a * a).sum(1)[:, None] + (b * b).sum(1)[None] - 2 * a @ b.T, 0.0))


def fit_population_mean(h: GPHyper, x: np.ndarray, y: np.ndarray, max_points: int = 1500, seed: int = 0) -> GPHyper:
    """Add a non-linear population mean: kernel regression of the logged rewards' residuals.

    Each logged show is one player's draw around the population mean, so its noise is everything
    that differs between people (``offset_var + signal_var``) plus ``noise_var``. What people
    liked, wherever it lies, is then where a newcomer's first guess goes.
    """
    rng = np.random.default_rng(seed)
    idx = rng.choice(len(x), size=min(max_points, len(x)), replace=False)
    xs, r = x[idx], y[idx] - (x[idx] @ h.w + h.w0)
    K = h.signal_var * _rbf(h, xs, xs) + (h.offset_var + h.signal_var + h.noise_var) * np.eye(len(xs))
    alpha = np.linalg.solve(K, r)
    return replace(h, mean_x=xs, mean_alpha=alpha)


def kernel(h: GPHyper, xa: np.ndarray, ta: np.ndarray, xb: np.ndarray, tb: np.ndarray) -> np.ndarray:
    """``(Na, Nb)`` prior covariance of ``b + f`` between (x, t) rows (noise excluded)."""
    time = h.rho + (1 - h.rho) * np.exp(-np.abs(ta[:, None] - tb[None]) / h.tau)
    return h.offset_var + h.signal_var * _rbf(h, xa, xb) * time


def prior_variance(h: GPHyper) -> float:
    return h.offset_var + h.signal_var


@dataclass
class GPPrior:
    """What the adaptive policy starts every player from: hyperparameters, embedding, described pool."""

    hyper: GPHyper
    embed: Embed
    pool_actions: np.ndarray
    pool_x: np.ndarray
    info: dict[str, object] = field(default_factory=dict)

    def mean(self, x: np.ndarray) -> np.ndarray:
        return self.hyper.mean(x)


def _softplus_inv(v: float) -> float:
    return float(np.log(np.expm1(max(v, 1e-6))))


def fit_gp_hyper(x: np.ndarray, t: np.ndarray, y: np.ndarray, *, steps: int = 300, lr: float = 0.05,
                 seed: int = 0, linear_mean: bool = True) -> GPHyper:
    """Maximise the summed marginal likelihood of ``P`` logged players' sessions.

    ``x (P, n, D)`` embeddings of what each was shown, ``t (P, n)`` decision index, ``y (P, n)``
    rewards; every player an independent draw from the model with shared hyperparameters.
    ``linear_mean=False`` keeps ``w = 0`` (a constant mean, which does not extrapolate to the edges).
    """
    torch.manual_seed(seed)
    X, T, Y = (torch.as_tensor(a, dtype=torch.float64) for a in (x, t, y))
    P, n, D = X.shape
    yv = float(Y.var()) + 1e-6
    # Start from the pooled least-squares mean; unconstrained parameters through softplus / sigmoid.
    flat_x = torch.cat([X.reshape(-1, D), torch.ones(P * n, 1, dtype=torch.float64)], 1)
    beta = torch.linalg.lstsq(flat_x, Y.reshape(-1, 1)).solution.ravel()
    w = torch.nn.Parameter(beta[:D].clone()) if linear_mean else torch.zeros(D, dtype=torch.float64)
    w0 = torch.nn.Parameter(beta[D:].clone() if linear_mean else Y.mean().reshape(1))
    raw = {k: torch.nn.Parameter(torch.tensor(_softplus_inv(v), dtype=torch.float64)) for k, v in
           {"offset": 0.2 * yv, "signal": 0.5 * yv, "noise": 0.3 * yv, "tau": 10.0}.items()}
    raw_ls = torch.nn.Parameter(torch.full((D,), _softplus_inv(float(np.sqrt(D))), dtype=torch.float64))
    raw_rho = torch.nn.Parameter(torch.tensor(2.0, dtype=torch.float64))
    params = [*([w] if linear_mean else []), w0, raw_ls, raw_rho, *raw.values()]
    opt = torch.optim.Adam(params, lr=lr)
    sp = torch.nn.functional.softplus
    eye = torch.eye(n, dtype=torch.float64)
    dt = (T[:, :, None] - T[:, None, :]).abs()
    for _ in range(steps):
        opt.zero_grad()
        ls = sp(raw_ls) + 1e-3
        a = X / ls
        d2 = (a.pow(2).sum(-1)[:, :, None] + a.pow(2).sum(-1)[:, None, :] - 2 * a @ a.transpose(1, 2)).clamp_min(0)
        rho = torch.sigmoid(raw_rho)
        time = rho + (1 - rho) * torch.exp(-dt / (sp(raw["tau"]) + 1e-3))
        K = sp(raw["offset"]) + sp(raw["signal"]) * torch.exp(-0.5 * d2) * time + (sp(raw["noise"]) + 1e-5) * eye
        r = (Y - (X @ w + w0)).unsqueeze(-1)
        L = torch.linalg.cholesky(K)
        alpha = torch.cholesky_solve(r, L)
        nll = 0.5 * (r * alpha).sum() + torch.log(torch.diagonal(L, dim1=1, dim2=2)).sum()
        # A weak pull of the lengthscales towards sqrt(D): ARD on a few hundred sessions overfits.
        nll = nll + 0.5 * P * 0.05 * (torch.log(ls) - 0.5 * np.log(D)).pow(2).sum()
        (nll / (P * n)).backward()
        opt.step()
    with torch.no_grad():
        return GPHyper(w.detach().numpy().copy(), float(w0), float(sp(raw["offset"])), float(sp(raw["signal"])),
                       (sp(raw_ls) + 1e-3).numpy().copy(), float(torch.sigmoid(raw_rho)),
                       float(sp(raw["tau"]) + 1e-3), float(sp(raw["noise"]) + 1e-5))


def posterior(h: GPHyper, x: np.ndarray, t: np.ndarray, y: np.ndarray, xq: np.ndarray, tq: float,
              noise_scale: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Posterior mean and std of the reward at ``xq (M, D)`` at decision ``tq``, given ``(x, t, y)``."""
    mq = h.mean(xq)
    tqv = np.full(len(xq), float(tq))
    if len(x) == 0:
        return mq, np.full(len(xq), np.sqrt(prior_variance(h)))
    K = kernel(h, x, t, x, t) + h.noise_var * noise_scale * np.eye(len(x))
    L = np.linalg.cholesky(K)
    r = y - h.mean(x)
    alpha = np.linalg.solve(L.T, np.linalg.solve(L, r))
    Kq = kernel(h, xq, tqv, x, t)
    mean = mq + Kq @ alpha
    v = np.linalg.solve(L, Kq.T)
    var = np.maximum(prior_variance(h) - (v * v).sum(0), 1e-12)
    return mean, np.sqrt(var)


def fit_gp_prior(sessions: list[tuple[np.ndarray, np.ndarray]], embed: Embed, pool_actions: np.ndarray, *,
                 decisions: int | None = None, seed: int = 0, steps: int = 300,
                 info: Mapping[str, object] | None = None, pool_x: np.ndarray | None = None,
                 linear_mean: bool = True) -> GPPrior:
    """The population prior from logged sessions of other players.

    ``sessions``: per logged player, ``(x (n, D) embeddings of what they were shown, in order,
    rewards (n,))``. Players are cut to ``decisions`` shows (default: the most common length) and
    those with fewer are left out, so the fit is one batch.
    """
    lengths = [len(y) for _, y in sessions if len(y) >= 2]
    if not lengths:
        raise ValueError("no logged session has 2 or more rewarded shows; log sessions first")
    n = int(decisions or np.bincount(lengths).argmax())
    keep = [(x[:n], y[:n]) for x, y in sessions if len(y) >= n and np.all(np.isfinite(x[:n])) and np.all(np.isfinite(y[:n]))]
    if len(keep) < 2:
        raise ValueError(f"only {len(keep)} logged players have {n} finite shows; the prior needs at least 2")
    X = np.stack([k[0] for k in keep])
    Y = np.stack([k[1] for k in keep])
    T = np.broadcast_to(np.arange(n, dtype=np.float64), Y.shape).copy()
    hyper = fit_gp_hyper(X, T, Y, steps=steps, seed=seed, linear_mean=linear_mean)
    hyper = fit_population_mean(hyper, X.reshape(-1, X.shape[-1]), Y.ravel(), seed=seed)
    pool_x = np.asarray(embed(pool_actions) if pool_x is None else pool_x, dtype=np.float64)
    ok = np.all(np.isfinite(pool_x), axis=1)
    return GPPrior(hyper, embed, pool_actions[ok], pool_x[ok],
                   {**(info or {}), "players": len(keep), "shows_per_player": n})


def pair_accuracy(h: GPHyper, sessions: list[tuple[np.ndarray, np.ndarray]], holdout: int = 5,
                  truth: list[np.ndarray] | None = None, seed: int = 0) -> tuple[float, float | None]:
    """Held-out pair accuracy of the player model, and of the true utility (the ceiling) on the same pairs.

    For each player, ``holdout`` shows are hidden; the GP conditioned on the rest predicts them;
    a pair counts as right when the prediction orders the two like the logged reward (ties in the
    logged reward are skipped). ``truth``: per player, the true utility of each show; a pair it
    ties counts one half towards the ceiling.
    """
    rng = np.random.default_rng(seed)
    right = total = 0
    ceil_right = 0.0
    for i, (x, y) in enumerate(sessions):
        n = len(y)
        if n < holdout + 2:
            continue
        t = np.arange(n, dtype=np.float64)
        test = np.sort(rng.choice(n, size=holdout, replace=False))
        train = np.setdiff1d(np.arange(n), test)
        mean = np.array([posterior(h, x[train], t[train], y[train], x[j:j + 1], float(j))[0][0] for j in test])
        for a in range(holdout):
            for b in range(a + 1, holdout):
                dy = y[test[a]] - y[test[b]]
                if abs(dy) < 1e-9:
                    continue
                total += 1
                right += int(np.sign(mean[a] - mean[b]) == np.sign(dy))
                if truth is not None:  # a pair the true utility ties is a coin flip for any model
                    du = truth[i][test[a]] - truth[i][test[b]]
                    ceil_right += 0.5 if abs(du) < 1e-12 else float(np.sign(du) == np.sign(dy))
    if total == 0:
        return float("nan"), None
    return right / total, (ceil_right / total if truth is not None else None)


class GPTasteBandit(Policy):
    """Per player: the exact GP posterior of reward over content, UCB over pool and searched candidates."""

    name = "adaptive"

    def __init__(self, prior: GPPrior, action_dim: int, bound: float = 1.0, seed: int = 0, *,
                 n_candidates: int = 32, search_rounds: int = 3, ucb_beta: float | None = None,
                 horizon: int | None = None, noise_scale: float = 1.0) -> None:
        super().__init__(action_dim, bound, seed)
        if prior.pool_actions.shape[1] != action_dim:
            raise ValueError(f"the prior's pool has {prior.pool_actions.shape[1]}-D actions, the policy {action_dim}-D")
        self.prior, self.n_candidates, self.search_rounds = prior, int(n_candidates), max(0, int(search_rounds))
        self.horizon = check_horizon(horizon)
        self.ucb_beta = float(ucb_beta) if ucb_beta is not None else (2.0 if self.horizon is not None else 1.0)
        self.noise_scale = float(noise_scale)
        inside = np.all(np.abs(prior.pool_actions) <= bound, axis=1)
        self._pool = (prior.pool_actions[inside], prior.pool_x[inside])
        self._reset()

    def _reset(self) -> None:
        self._x: list[np.ndarray] = []
        self._y: list[float] = []
        self._t: list[float] = []
        self._pending_x: np.ndarray | None = None

    def current_beta(self) -> float:
        return annealed_beta(self.ucb_beta, self.horizon, self.n_decisions)

    def predict(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Posterior mean and std of this player's reward for content embedded as ``x (M, D)``, now."""
        h = self.prior.hyper
        X = np.stack(self._x) if self._x else np.zeros((0, x.shape[1]))
        return posterior(h, X, np.asarray(self._t), np.asarray(self._y), x, float(self.n_decisions), self.noise_scale)

    def _score(self, x: np.ndarray, beta: float) -> np.ndarray:
        mean, std = self.predict(x)
        return mean + beta * std

    def _ask(self, context: np.ndarray | None) -> np.ndarray:
        beta = self.current_beta()
        actions, xs = self._pool
        s = self._score(xs, beta)
        k = int(np.argmax(s)) if len(s) else -1
        best_a = actions[k] if k >= 0 else self.uniform()
        best_x = xs[k] if k >= 0 else None
        best_s = float(s[k]) if k >= 0 else -np.inf
        for _ in range(self.search_rounds):
            near = self.perturb(best_a, max(self.n_candidates, 1), (0.03, 0.1, 0.3))
            xn = np.asarray(self.prior.embed(near), dtype=np.float64)
            ok = np.all(np.isfinite(xn), axis=1)
            if not ok.any():
                continue
            sn = self._score(xn[ok], beta)
            j = int(np.argmax(sn))
            if sn[j] > best_s:
                best_s, best_a, best_x = float(sn[j]), near[ok][j], xn[ok][j]
        if best_x is None:
            best_x = np.asarray(self.prior.embed(best_a[None]), dtype=np.float64)[0]
        self._pending_x = best_x
        return best_a

    def _tell(self, action: np.ndarray, reward: float) -> None:
        x = self._pending_x if self._pending_x is not None else np.asarray(self.prior.embed(action[None]))[0]
        self._pending_x = None
        if np.all(np.isfinite(x)):
            self._x.append(x)
            self._y.append(float(reward))
            self._t.append(float(self.n_decisions))
