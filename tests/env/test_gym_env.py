"""AdaptiveContentEnv honours gymnasium's contract against the stand-in, alone and vectorised."""
import gymnasium as gym
import numpy as np
from gymnasium.utils.env_checker import check_env

from python_bridge.env import AdaptiveContentEnv, EnvConfig
from python_bridge.features import FEATURE_NAMES


def _env(port, **kw):
    return AdaptiveContentEnv(EnvConfig(kind="rooms", generator="procedural", base_port=port, max_decisions=4, **kw))


def test_check_env_passes(free_port):
    env = _env(free_port)
    try:
        check_env(env, skip_render_check=True)
    finally:
        env.close()


def test_episode_shapes_rewards_and_truncation(free_port):
    env = _env(free_port)
    try:
        obs, info = env.reset(seed=11)
        assert obs.shape == env.observation_space.shape and "scene_seed" in info
        steps = []
        for _ in range(4):
            obs, reward, terminated, truncated, info = env.step(env.action_space.sample())
            steps.append((reward, terminated, truncated, info["feedback_events"]))
            assert env.observation_space.contains(obs)
        assert [t for _, _, t, _ in steps] == [False, False, False, True], "truncated after max_decisions"
        assert all(n > 0 for *_, n in steps), "every content drew feedback from the player"
        assert all(-1.0 <= r <= 3.0 for r, *_ in steps)
        # The descriptor part of the observation describes what was just shown.
        n_feat = len(FEATURE_NAMES)
        assert np.all((obs[n_feat:] >= 0) & (obs[n_feat:] <= 1))
    finally:
        env.close()


def test_vector_env_runs_one_scene_per_worker(free_port):
    fns = [lambda i=i: _env(free_port, worker_id=i) for i in range(2)]
    venv = gym.vector.AsyncVectorEnv(fns)
    try:
        obs, _ = venv.reset(seed=5)
        assert obs.shape == (2, venv.single_observation_space.shape[0])
        for _ in range(2):
            obs, rewards, term, trunc, infos = venv.step(venv.action_space.sample())
        assert rewards.shape == (2,) and np.all(np.isfinite(rewards))
    finally:
        venv.close()
