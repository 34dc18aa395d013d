"""PPO across many players (CleanRL-style): a Gaussian policy over the action Box behind ask/tell.

One player session is one episode. The policy sees its own short memory (last action, last
reward, progress through the session) plus, optionally, the squashed feedback features, so it can
learn, across many players, both where people in general are happy and how to move after a
reward. ``ask`` samples (or returns the mean when ``deterministic``), ``tell`` stores the
transition, and every ``rollout_decisions`` decisions ``update()`` runs PPO with GAE written out.
"""
from __future__ import annotations

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


class PPOPolicy(Policy):
    """PPO with a continuous Gaussian policy; learns across players, keeps weights over ``reset()``."""

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
        self.last_stats: dict[str, float] = {}
        self.n_updates = 0
        self._clear_buffer()
        self._reset()

    def _clear_buffer(self) -> None:
        self.buf_obs: list[np.ndarray] = []
        self.buf_actions: list[np.ndarray] = []  # unclipped samples, in units of bound
        self.buf_logprobs: list[float] = []
        self.buf_values: list[float] = []
        self.buf_rewards: list[float] = []
        self.buf_ends: list[bool] = []  # the session ended after this decision

    def _reset(self) -> None:
        # A finished session ends the last stored transition; a full buffer is learnt from now.
        if hasattr(self, "buf_ends") and self.buf_ends and len(self.buf_ends) == len(self.buf_rewards):
            self.buf_ends[-1] = True
            if len(self.buf_rewards) >= self.cfg.rollout_decisions:
                self.update(next_obs=None)
        self._last_action = np.zeros(self.action_dim)
        self._last_reward, self._has_last, self._step = 0.0, 0.0, 0
        self._pending_sample: tuple[np.ndarray, np.ndarray, float, float] | None = None

    def _obs(self, context: np.ndarray | None) -> np.ndarray:
        return np.concatenate([
            squash_context(context, self.cfg.context_dim),
            self._last_action / self.bound,
            [self._last_reward, self._has_last, self._step / self.cfg.horizon],
        ]).astype(np.float32)

    def _ask(self, context: np.ndarray | None) -> np.ndarray:
        obs = self._obs(context)
        if not self.deterministic and len(self.buf_rewards) >= self.cfg.rollout_decisions:
            self.update(next_obs=obs)
        with torch.no_grad():
            x = torch.as_tensor(obs)[None]
            if self.deterministic:
                return self.agent.actor_mean(x)[0].numpy().astype(np.float64) * self.bound
            mean = self.agent.actor_mean(x)
            std = self.agent.actor_logstd.exp()
            raw = mean + std * torch.randn(mean.shape, generator=self._gen)
            _, logprob, _, value = self.agent.get_action_and_value(x, raw)
        self._pending_sample = (obs, raw[0].numpy(), float(logprob[0]), float(value[0, 0]))
        # Env-side clipping (as CleanRL's ClipAction): the log prob stays that of the raw sample.
        return raw[0].numpy().astype(np.float64) * self.bound

    def _tell(self, action: np.ndarray, reward: float) -> None:
        if not self.deterministic and self._pending_sample is not None:
            obs, raw, logprob, value = self._pending_sample
            self.buf_obs.append(obs)
            self.buf_actions.append(raw)
            self.buf_logprobs.append(logprob)
            self.buf_values.append(value)
            self.buf_rewards.append(reward)
            self.buf_ends.append(False)
        self._pending_sample = None
        self._last_action, self._last_reward, self._has_last = action, reward, 1.0
        self._step += 1

    def update(self, next_obs: np.ndarray | None = None) -> dict[str, float]:
        """One PPO update on the stored decisions; ``next_obs`` bootstraps an unfinished session."""
        cfg = self.cfg
        n = len(self.buf_rewards)
        if n == 0:
            return {}
        obs = torch.as_tensor(np.stack(self.buf_obs))
        actions = torch.as_tensor(np.stack(self.buf_actions))
        logprobs = torch.as_tensor(self.buf_logprobs, dtype=torch.float32)
        values = torch.as_tensor(self.buf_values, dtype=torch.float32)
        rewards = torch.as_tensor(self.buf_rewards, dtype=torch.float32)
        ends = torch.as_tensor(self.buf_ends, dtype=torch.float32)
        with torch.no_grad():
            next_value = 0.0 if next_obs is None else float(self.agent.get_value(torch.as_tensor(next_obs)[None])[0, 0])

        # GAE: delta_t = r_t + gamma V(s_{t+1}) (1 - end_t) - V(s_t); A_t = delta_t + gamma lambda (1 - end_t) A_{t+1}
        advantages = torch.zeros(n)
        lastgaelam = 0.0
        for t in reversed(range(n)):
            nextnonterminal = 1.0 - ends[t]
            nextvalues = next_value if t == n - 1 else values[t + 1]
            delta = rewards[t] + cfg.gamma * nextvalues * nextnonterminal - values[t]
            advantages[t] = lastgaelam = delta + cfg.gamma * cfg.gae_lambda * nextnonterminal * lastgaelam
        returns = advantages + values

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
        self._clear_buffer()
        return self.last_stats

    def state_dict(self) -> dict:
        """Weights and optimiser state, for ``torch.save``."""
        return {"agent": self.agent.state_dict(), "optimizer": self.optimizer.state_dict(), "config": self.cfg.__dict__}

    def load_state_dict(self, state: dict) -> None:
        self.agent.load_state_dict(state["agent"])
        self.optimizer.load_state_dict(state["optimizer"])
