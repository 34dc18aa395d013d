"""PPO across many players (CleanRL-style): a Gaussian policy over the action Box behind ask/tell.

One player session is one episode. The policy sees its own short memory (last action, last
reward, progress through the session) plus, optionally, the squashed feedback features, so it can
learn, across many players, both where people in general are happy and how to move after a
reward. ``ask`` samples (or returns the mean when ``deterministic``), ``tell`` stores the
transition, and every ``rollout_decisions`` decisions ``update()`` runs PPO with GAE written out.
"""
from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn
from torch.distributions.normal import Normal

from python_bridge.policy.bandit import squash_context
from python_bridge.policy.base import Policy


@dataclass
class PPOConfig:
    """Every PPO knob in one place."""

    rollout_decisions: int = 512
    """Decisions (across players) collected between updates."""
    horizon: int = 20
    """Nominal decisions per session; scales the progress input."""
    learning_rate: float = 3e-4
    gamma: float = 0.9
    """Discount: < 1 because what matters is the next few pieces of content."""
    gae_lambda: float = 0.95
    update_epochs: int = 10
    num_minibatches: int = 8
    clip_coef: float = 0.2
    ent_coef: float = 0.0
    vf_coef: float = 0.5
    max_grad_norm: float = 0.5
    norm_adv: bool = True
    hidden: int = 64
    init_log_std: float = -0.7
    """Initial log std of the Gaussian, in units of ``bound``."""
    context_dim: int = 0
    """Feedback features fed to the network (0: memory only)."""


def layer_init(layer: nn.Linear, std: float = np.sqrt(2), bias_const: float = 0.0) -> nn.Linear:
    torch.nn.init.orthogonal_(layer.weight, std)
    torch.nn.init.constant_(layer.bias, bias_const)
    return layer


class Agent(nn.Module):
    """Actor-critic MLPs; the actor's mean is ``tanh`` so it stays inside the Box (in units of ``bound``)."""

    def __init__(self, obs_dim: int, action_dim: int, hidden: int, init_log_std: float) -> None:
        super().__init__()
        self.critic = nn.Sequential(
            layer_init(nn.Linear(obs_dim, hidden)), nn.Tanh(),
            layer_init(nn.Linear(hidden, hidden)), nn.Tanh(),
            layer_init(nn.Linear(hidden, 1), std=1.0),
        )
        self.actor_mean = nn.Sequential(
            layer_init(nn.Linear(obs_dim, hidden)), nn.Tanh(),
            layer_init(nn.Linear(hidden, hidden)), nn.Tanh(),
            layer_init(nn.Linear(hidden, action_dim), std=0.01), nn.Tanh(),
        )
        self.actor_logstd = nn.Parameter(torch.full((1, action_dim), init_log_std))

    def get_value(self, x: torch.Tensor) -> torch.Tensor:
        return self.critic(x)

    def get_action_and_value(self, x: torch.Tensor, action: torch.Tensor | None = None):
        """``x``: ``(B, obs_dim)`` -> action ``(B, A)``, log prob ``(B,)``, entropy ``(B,)``, value ``(B, 1)``."""
        mean = self.actor_mean(x)
        probs = Normal(mean, self.actor_logstd.expand_as(mean).exp())
        if action is None:
            action = probs.sample()
        return action, probs.log_prob(action).sum(1), probs.entropy().sum(1), self.critic(x)


@dataclass
class _Step:
    """One stored decision: what the network saw and did, and what came of it."""

    obs: np.ndarray
    raw_action: np.ndarray  # the unclipped Gaussian sample, in units of bound
    logprob: float
    value: float
    reward: float = 0.0
    next_obs: np.ndarray | None = None  # the session's state after this decision (bootstraps an open episode)


class PPOPolicy(Policy):
    """PPO with a continuous Gaussian policy; learns across players, keeps weights over ``reset()``.

    Used directly it is one session at a time (``reset()`` between players). For several players
    at once, give each its own ``session()``: a view with its own ask/tell order and memory that
    feeds this learner's buffer (thread-safe); each view's ``reset()`` ends its episode.
    """

    name = "ppo"

    def __init__(self, action_dim: int, bound: float = 1.0, seed: int = 0, *, config: PPOConfig | None = None, deterministic: bool = False) -> None:
        super().__init__(action_dim, bound, seed)
        self.cfg = config or PPOConfig()
        self.deterministic = deterministic
        torch.manual_seed(seed)
        self.obs_dim = self.cfg.context_dim + action_dim + 3
        self.agent = Agent(self.obs_dim, action_dim, self.cfg.hidden, self.cfg.init_log_std)
        self.optimizer = torch.optim.Adam(self.agent.parameters(), lr=self.cfg.learning_rate, eps=1e-5)
        self._gen = torch.Generator().manual_seed(seed)
        self._lock = threading.RLock()
        self.last_stats: dict[str, float] = {}
        self.n_updates = 0
        self._open: dict[int, list[_Step]] = {}   # episodes still running, by session key
        self._closed: list[list[_Step]] = []      # finished episodes since the last update
        self._n_sessions = 0
        # This object is also usable as one player's policy: through a session of its own.
        self._own = PPOSession(self, seed)

    # ------------------------------------------------------------------ storage shared by sessions
    def _new_key(self) -> int:
        with self._lock:
            self._n_sessions += 1
            return self._n_sessions

    @property
    def n_stored(self) -> int:
        """Decisions stored since the last update (open and finished episodes)."""
        with self._lock:
            return sum(len(e) for e in self._open.values()) + sum(len(e) for e in self._closed)

    def _act(self, key: int, obs: np.ndarray) -> tuple[np.ndarray, _Step | None]:
        """Sample (or take the mean of) the Gaussian at ``obs``; learn first if a rollout is full."""
        with self._lock:
            if not self.deterministic and self.n_stored >= self.cfg.rollout_decisions:
                self.update()
            with torch.no_grad():
                x = torch.as_tensor(obs)[None]
                if self.deterministic:
                    return self.agent.actor_mean(x)[0].numpy().astype(np.float64) * self.bound, None
                mean = self.agent.actor_mean(x)
                log_std = self.agent.actor_logstd
                noise = torch.randn(mean.shape, generator=self._gen)
                raw = mean + log_std.exp() * noise
                # log N(raw; mean, std) summed over action dims, written out (a Normal object per ask is slow).
                logprob = (-0.5 * noise**2 - log_std - 0.5 * math.log(2 * math.pi)).sum()
                value = self.agent.get_value(x)
            step = _Step(obs, raw[0].numpy(), float(logprob), float(value[0, 0]))
            # Env-side clipping (as CleanRL's ClipAction): the log prob stays that of the raw sample.
            return raw[0].numpy().astype(np.float64) * self.bound, step

    def _store(self, key: int, step: _Step) -> None:
        with self._lock:
            self._open.setdefault(key, []).append(step)

    def _end_episode(self, key: int) -> None:
        with self._lock:
            episode = self._open.pop(key, None)
            if episode:
                self._closed.append(episode)
            if not self.deterministic and self.n_stored >= self.cfg.rollout_decisions:
                self.update()

    def session(self, seed: int | None = None) -> "PPOSession":
        """A per-player view: own ask/tell order and memory, shared weights and rollout buffer."""
        return PPOSession(self, seed)

    # ------------------------------------------------------------------ this object as one session
    def _reset(self) -> None:
        if hasattr(self, "_own"):  # Policy.__init__ resets before the session exists
            self._own._reset()

    def _ask(self, context: np.ndarray | None) -> np.ndarray:
        return self._own._ask(context)

    def _tell(self, action: np.ndarray, reward: float) -> None:
        self._own._tell(action, reward)

    def update(self) -> dict[str, float]:
        """One PPO update on every stored decision; open episodes are bootstrapped from their current state."""
        with self._lock:
            return self._update()

    def _update(self) -> dict[str, float]:
        cfg = self.cfg
        episodes = [(e, True) for e in self._closed] + [(e, False) for e in self._open.values() if e]
        if not episodes:
            return {}
        obs_l, act_l, logp_l, val_l, adv_l = [], [], [], [], []
        for steps, finished in episodes:
            values = [s.value for s in steps]
            rewards = [s.reward for s in steps]
            if finished:
                next_value = 0.0
            else:
                with torch.no_grad():
                    next_value = float(self.agent.get_value(torch.as_tensor(steps[-1].next_obs)[None])[0, 0])
            # GAE: delta_t = r_t + gamma V(s_{t+1}) - V(s_t); A_t = delta_t + gamma lambda A_{t+1};
            # V(s_T) is 0 after a finished session, the critic's estimate for one still running.
            advantages = [0.0] * len(steps)
            lastgaelam = 0.0
            for t in reversed(range(len(steps))):
                nextvalues = next_value if t == len(steps) - 1 else values[t + 1]
                delta = rewards[t] + cfg.gamma * nextvalues - values[t]
                advantages[t] = lastgaelam = delta + cfg.gamma * cfg.gae_lambda * lastgaelam
            obs_l += [s.obs for s in steps]
            act_l += [s.raw_action for s in steps]
            logp_l += [s.logprob for s in steps]
            val_l += values
            adv_l += advantages
        # Stored decisions are used once; open episodes continue into the next rollout.
        self._closed = []
        self._open = {k: [] for k in self._open}

        n = len(obs_l)
        obs = torch.as_tensor(np.stack(obs_l))
        actions = torch.as_tensor(np.stack(act_l))
        logprobs = torch.as_tensor(logp_l, dtype=torch.float32)
        values = torch.as_tensor(val_l, dtype=torch.float32)
        advantages = torch.as_tensor(adv_l, dtype=torch.float32)
        returns = advantages + values
        rewards = torch.as_tensor([s.reward for steps, _ in episodes for s in steps], dtype=torch.float32)

        minibatch_size = max(1, n // cfg.num_minibatches)
        clipfracs = []
        for _ in range(cfg.update_epochs):
            for mb in torch.randperm(n, generator=self._gen).split(minibatch_size):
                _, newlogprob, entropy, newvalue = self.agent.get_action_and_value(obs[mb], actions[mb])
                logratio = newlogprob - logprobs[mb]
                ratio = logratio.exp()
                with torch.no_grad():
                    approx_kl = ((ratio - 1) - logratio).mean()
                    clipfracs.append(((ratio - 1.0).abs() > cfg.clip_coef).float().mean().item())
                mb_adv = advantages[mb]
                if cfg.norm_adv and len(mb) > 1:
                    mb_adv = (mb_adv - mb_adv.mean()) / (mb_adv.std() + 1e-8)
                # Policy loss (clipped surrogate), value loss, entropy bonus.
                pg_loss = torch.max(-mb_adv * ratio, -mb_adv * torch.clamp(ratio, 1 - cfg.clip_coef, 1 + cfg.clip_coef)).mean()
                v_loss = 0.5 * ((newvalue.view(-1) - returns[mb]) ** 2).mean()
                entropy_loss = entropy.mean()
                loss = pg_loss - cfg.ent_coef * entropy_loss + v_loss * cfg.vf_coef
                self.optimizer.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(self.agent.parameters(), cfg.max_grad_norm)
                self.optimizer.step()

        self.n_updates += 1
        self.last_stats = {
            "losses/value_loss": v_loss.item(), "losses/policy_loss": pg_loss.item(),
            "losses/entropy": entropy_loss.item(), "losses/approx_kl": approx_kl.item(),
            "losses/clipfrac": float(np.mean(clipfracs)), "charts/mean_reward": float(rewards.mean()),
        }
        return self.last_stats

    def state_dict(self) -> dict:
        """Weights and optimiser state, for ``torch.save``."""
        return {"agent": self.agent.state_dict(), "optimizer": self.optimizer.state_dict(), "config": self.cfg.__dict__}

    def load_state_dict(self, state: dict) -> None:
        self.agent.load_state_dict(state["agent"])
        self.optimizer.load_state_dict(state["optimizer"])


class _Memory:
    """What a session remembers between decisions: the network's recurrent-free "state"."""

    def __init__(self, action_dim: int) -> None:
        self.last_action = np.zeros(action_dim)
        self.last_reward, self.has_last, self.step = 0.0, 0.0, 0
        self.context: np.ndarray | None = None

    def obs(self, context: np.ndarray | None, cfg: PPOConfig, bound: float) -> np.ndarray:
        """``(context_dim + action_dim + 3,)``: squashed context, last action / bound, last reward, has-last, progress."""
        return np.concatenate([
            squash_context(context, cfg.context_dim),
            self.last_action / bound,
            [self.last_reward, self.has_last, self.step / cfg.horizon],
        ]).astype(np.float32)

    def advance(self, action: np.ndarray, reward: float) -> None:
        self.last_action, self.last_reward, self.has_last = action, reward, 1.0
        self.step += 1


class PPOSession(Policy):
    """One player's view of a shared ``PPOPolicy``: its own ask/tell order, memory and episode."""

    name = "ppo"

    def __init__(self, learner: PPOPolicy, seed: int | None = None) -> None:
        super().__init__(learner.action_dim, learner.bound, learner.seed if seed is None else seed)
        self.learner = learner
        self._key = learner._new_key()
        self._memory = _Memory(learner.action_dim)
        self._pending_step: _Step | None = None

    def _ask(self, context: np.ndarray | None) -> np.ndarray:
        action, self._pending_step = self.learner._act(self._key, self._memory.obs(context, self.learner.cfg, self.bound))
        self._memory.context = context
        return action

    def _tell(self, action: np.ndarray, reward: float) -> None:
        step, self._pending_step = self._pending_step, None
        self._memory.advance(action, reward)
        if step is not None:
            step.reward, step.next_obs = reward, self._memory.obs(self._memory.context, self.learner.cfg, self.bound)
            self.learner._store(self._key, step)

    def _reset(self) -> None:
        # The session ends here; the next one (same view, new player) starts a new episode.
        self.learner._end_episode(self._key)
        self._key = self.learner._new_key()
        self._memory = _Memory(self.action_dim)
        self._pending_step = None
