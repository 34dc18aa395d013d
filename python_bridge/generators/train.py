"""Training loop for every generator model (GAN / VAE / AAE) and content kind, CleanRL-style: read top to bottom.

    vrbridge train-generator --config python_bridge/generators/configs/rooms_gan.yaml [--resume]

Writes to ``{out_dir}/{run_name}/``: ``checkpoint.pt`` (atomic, every epoch, exact --resume),
``samples/epoch_NNN.png`` (the fixed-noise contact sheet), ``tb/`` (TensorBoard: ``losses/*``,
``charts/*``, ``samples/fixed_noise``) and ``config.yaml`` (the knobs this run used).
"""
from __future__ import annotations

import logging
import math
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
import yaml
from torch import nn
from torch.nn import functional as F

from python_bridge.errors import CheckpointError, ConfigError
from python_bridge.generators import checkpoint as ckpt_mod
from python_bridge.generators.codec import Codec
from python_bridge.generators.config import GeneratorConfig, config_from_dict
from python_bridge.generators.data import condition_ranges, descriptor_matrix, get_kind, load_corpus
from python_bridge.generators.models import AAE, GAN, VAE, ContentModel, build_model
from python_bridge.generators.sheets import contact_sheet

log = logging.getLogger(__name__)


# ---- adversarial objectives -------------------------------------------------------------------
def critic_loss(kind: str, real_score: torch.Tensor, fake_score: torch.Tensor) -> torch.Tensor:
    """dcgan: BCE(D(x), 1) + BCE(D(G(z)), 0);  wgan-gp: D(G(z)) - D(x) (penalty added separately)."""
    if kind == "dcgan":
        return (F.binary_cross_entropy_with_logits(real_score, torch.ones_like(real_score))
                + F.binary_cross_entropy_with_logits(fake_score, torch.zeros_like(fake_score)))
    return fake_score.mean() - real_score.mean()


def fooling_loss(kind: str, fake_score: torch.Tensor) -> torch.Tensor:
    """dcgan (non-saturating): BCE(D(G(z)), 1);  wgan-gp: -D(G(z))."""
    if kind == "dcgan":
        return F.binary_cross_entropy_with_logits(fake_score, torch.ones_like(fake_score))
    return -fake_score.mean()


def gradient_penalty(critic: nn.Module, real: torch.Tensor, fake: torch.Tensor, cond: torch.Tensor | None,
                     gen: torch.Generator) -> torch.Tensor:
    """WGAN-GP: E[(||grad_x D(x_hat)||_2 - 1)^2] on random interpolates x_hat of real and fake."""
    alpha = torch.rand((real.shape[0],) + (1,) * (real.dim() - 1), generator=gen)
    x_hat = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
    grad, = torch.autograd.grad(critic(x_hat, cond).sum(), x_hat, create_graph=True)
    return (grad.flatten(1).norm(dim=1) - 1).pow(2).mean()


def adversarial_critic_step(cfg: GeneratorConfig, critic: nn.Module, opt: torch.optim.Optimizer,
                            real: torch.Tensor, fake: torch.Tensor, cond: torch.Tensor | None,
                            gen: torch.Generator) -> dict[str, float]:
    """One critic update on a real and a (detached) fake batch; returns its losses."""
    fake = fake.detach()
    real_score, fake_score = critic(real, cond), critic(fake, cond)
    loss = critic_loss(cfg.adversarial_loss, real_score, fake_score)
    out = {"critic": loss.item()}
    if cfg.adversarial_loss == "wgan-gp":
        gp = gradient_penalty(critic, real, fake, cond, gen)
        loss = loss + cfg.gp_weight * gp
        out["gp"] = gp.item()
        out["wasserstein"] = (real_score.mean() - fake_score.mean()).item()
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    return out


def real_for_critic(cfg: GeneratorConfig, real: torch.Tensor) -> torch.Tensor:
    """Rooms: optionally smooth the one-hot tiles the critic sees (soft fakes vs hard reals)."""
    if cfg.kind == "rooms" and cfg.real_label_smoothing > 0:
        return real * (1 - cfg.real_label_smoothing) + cfg.real_label_smoothing / real.shape[1]
    return real


def fake_for_critic(cfg: GeneratorConfig, model: ContentModel, raw: torch.Tensor,
                    gen: torch.Generator) -> torch.Tensor:
    """Decoder raw output -> what the item critic sees: model-space items; for rooms softmax tile
    probabilities at cfg.room_temperature, or straight-through Gumbel-softmax one-hot tiles."""
    if cfg.kind != "rooms":
        return model.codec.activate(raw)
    if cfg.room_gumbel:
        u = torch.rand(raw.shape, generator=gen).clamp_(1e-9, 1 - 1e-9)
        soft = torch.softmax((raw - torch.log(-torch.log(u))) / cfg.room_temperature, dim=1)
        hard = F.one_hot(soft.argmax(dim=1), soft.shape[1]).permute(0, 3, 1, 2).to(soft.dtype)
        return hard + soft - soft.detach()
    return model.codec.activate(raw, cfg.room_temperature)


# ---- one update per model ---------------------------------------------------------------------
def gan_update(cfg: GeneratorConfig, model: GAN, opts: dict[str, torch.optim.Optimizer], real: torch.Tensor,
               cond: torch.Tensor | None, step: int, gen: torch.Generator) -> dict[str, float]:
    # (1) Update D: maximise log D(x) + log(1 - D(G(z)))   [wgan-gp: maximise D(x) - D(G(z)) - lambda*GP]
    z = torch.randn(real.shape[0], model.latent_dim, generator=gen)
    update_g = step % cfg.n_critic == 0
    with torch.set_grad_enabled(update_g):
        fake = fake_for_critic(cfg, model, model.decode(z, cond), gen)
    losses = adversarial_critic_step(cfg, model.critic, opts["critic"], real_for_critic(cfg, real), fake, cond, gen)
    # (2) Update G every n_critic critic updates: maximise log D(G(z))   [wgan-gp: maximise D(G(z))]
    if update_g:
        g_loss = fooling_loss(cfg.adversarial_loss, model.critic(fake, cond))
        opts["main"].zero_grad(set_to_none=True)
        g_loss.backward()
        opts["main"].step()
        losses["generator"] = g_loss.item()
    return losses


def vae_update(cfg: GeneratorConfig, model: VAE, opts: dict[str, torch.optim.Optimizer], real: torch.Tensor,
               cond: torch.Tensor | None, kl_weight: float, gen: torch.Generator) -> dict[str, float]:
    # Maximise the ELBO: minimise recon(x, dec(z)) + beta * KL(q(z|x) || N(0, I)),  z = mu + sigma * eps
    mu, logvar = model.encode_stats(real, cond)
    z = mu + torch.randn(mu.shape, generator=gen) * torch.exp(0.5 * logvar)
    recon = model.codec.recon_loss(model.decode(z, cond), real)
    kl = (-0.5 * (1 + logvar - mu.pow(2) - logvar.exp())).sum(1).mean()
    loss = cfg.recon_weight * recon + kl_weight * kl
    opts["main"].zero_grad(set_to_none=True)
    loss.backward()
    opts["main"].step()
    return {"recon": recon.item(), "kl": kl.item(), "loss": loss.item()}


def aae_update(cfg: GeneratorConfig, model: AAE, opts: dict[str, torch.optim.Optimizer], real: torch.Tensor,
               cond: torch.Tensor | None, step: int, gen: torch.Generator) -> dict[str, float]:
    # (1) Latent discriminator: tell prior samples z ~ N(0, I) (real) from encoded q(z|x) (fake)
    z_enc = model.encode_mean(real, cond)
    z_prior = torch.randn(z_enc.shape, generator=gen)
    losses = {f"latent_{k}": v for k, v in adversarial_critic_step(
        cfg, model.latent_critic, opts["latent_critic"], z_prior, z_enc, None, gen).items()}
    # (2) Item discriminator (optional): tell corpus items from decoded prior samples
    fake = None
    if model.critic is not None:
        fake = fake_for_critic(cfg, model, model.decode(torch.randn(z_enc.shape, generator=gen), cond), gen)
        losses.update({f"item_{k}": v for k, v in adversarial_critic_step(
            cfg, model.critic, opts["critic"], real_for_critic(cfg, real), fake, cond, gen).items()})
    # (3) Encoder + decoder: minimise recon(x, dec(enc(x))) while the encoder fools the latent
    #     discriminator (q(z) -> prior) and the decoder fools the item discriminator
    recon = model.codec.recon_loss(model.decode(z_enc, cond), real)
    loss = cfg.recon_weight * recon
    if step % cfg.n_critic == 0:
        adv = fooling_loss(cfg.adversarial_loss, model.latent_critic(z_enc))
        loss = loss + cfg.adv_weight * adv
        losses["encoder_adv"] = adv.item()
        if fake is not None:
            item_adv = fooling_loss(cfg.adversarial_loss, model.critic(fake, cond))
            loss = loss + cfg.item_adv_weight * item_adv
            losses["decoder_adv"] = item_adv.item()
    opts["main"].zero_grad(set_to_none=True)
    loss.backward()
    opts["main"].step()
    losses["recon"] = recon.item()
    return losses


# ---- setup helpers ----------------------------------------------------------------------------
def make_optimizers(cfg: GeneratorConfig, model: ContentModel) -> dict[str, torch.optim.Optimizer]:
    betas = (cfg.beta1, cfg.beta2)
    main = list(model.decoder.parameters())
    if model.has_encoder:
        main += list(model.encoder.parameters())
    opts = {"main": torch.optim.Adam(main, lr=cfg.lr, betas=betas)}
    if getattr(model, "critic", None) is not None:
        opts["critic"] = torch.optim.Adam(model.critic.parameters(), lr=cfg.lr_critic, betas=betas)
    if isinstance(model, AAE):
        opts["latent_critic"] = torch.optim.Adam(model.latent_critic.parameters(), lr=cfg.lr_critic, betas=betas)
    return opts


def lr_factor(cfg: GeneratorConfig, epoch: int) -> float:
    """Cosine decay from 1 to 0.1 over the run (1 throughout when cfg.lr_decay is off)."""
    if not cfg.lr_decay or cfg.epochs <= 1:
        return 1.0
    return 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * epoch / (cfg.epochs - 1)))


def prepare(cfg: GeneratorConfig) -> dict[str, Any]:
    """Corpus, split, codec, scaled conditions and a freshly initialised model for cfg."""
    kind = get_kind(cfg.kind)
    corpus = load_corpus(cfg)
    train_idx, hold_idx = corpus.split(cfg.holdout_fraction, cfg.corpus_seed)
    codec = Codec.for_config(cfg, tuple(kind.item_shape))
    codec.fit(corpus.items[train_idx])
    lo, hi = condition_ranges(kind)
    torch.manual_seed(cfg.seed)
    model = build_model(cfg, codec, lo, hi)
    cond = None
    if cfg.conditional:
        cond = model.scale_condition(torch.as_tensor(descriptor_matrix(kind, corpus.items)))
    return {"kind": kind, "corpus": corpus, "train_idx": train_idx, "hold_idx": hold_idx,
            "codec": codec, "model": model, "cond": cond}


def make_meta(cfg: GeneratorConfig, setup: dict[str, Any], epoch: int, step: int, seconds: float) -> dict[str, Any]:
    kind = setup["kind"]
    return {
        "kind": cfg.kind, "model": cfg.model, "config": cfg.to_dict(),
        "corpus": {"manifest_sha256": setup["corpus"].manifest_sha256, **_plain(setup["corpus"].source),
                   "holdout": int(len(setup["hold_idx"])), "train": int(len(setup["train_idx"]))},
        "versions": ckpt_mod.versions(), "epoch": epoch, "step": step, "train_seconds": round(seconds, 2),
        "item_shape": list(kind.item_shape), "dtype": str(np.dtype(kind.dtype)),
        "latent_dim": cfg.flat_latent_dim, "condition_dim": len(kind.descriptor_names) if cfg.conditional else 0,
        "condition_names": list(kind.descriptor_names) if cfg.conditional else [],
        "created_unix_s": time.time(),
        "reproduce": f"vrbridge train-generator --config {cfg.kind}_{cfg.model}.yaml",
    }


def _plain(obj: Any) -> Any:
    """Metadata as primitives only (weights_only loading accepts nothing else)."""
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if isinstance(obj, (np.integer,)):
        return int(obj)
    if isinstance(obj, (np.floating,)):
        return float(obj)
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    return str(obj)


def fixed_batch(cfg: GeneratorConfig, setup: dict[str, Any]) -> tuple[torch.Tensor, torch.Tensor | None]:
    """The contact sheet's fixed latents (and conditions: held-out items' descriptors)."""
    z = torch.randn(cfg.sheet_size, cfg.flat_latent_dim, generator=torch.Generator().manual_seed(cfg.seed + 7919))
    cond = None
    if setup["cond"] is not None:
        pool = setup["hold_idx"] if len(setup["hold_idx"]) else setup["train_idx"]
        idx = torch.as_tensor(pool[np.arange(cfg.sheet_size) % len(pool)])
        cond = setup["cond"][idx]
    return z, cond


# ---- the loop ---------------------------------------------------------------------------------
def train(cfg: GeneratorConfig, resume: bool = False, progress: bool = True, overwrite: bool = False) -> Path:
    """Train cfg's model; returns the checkpoint path. ``resume`` continues the run exactly."""
    torch.set_num_threads(cfg.threads)
    run_dir = cfg.run_dir
    ckpt_path = run_dir / "checkpoint.pt"
    if ckpt_path.exists() and not resume and not overwrite:
        raise ConfigError(f"{ckpt_path} exists: pass --resume to continue it, or --overwrite / another run_name")
    if resume and not ckpt_path.exists():
        raise CheckpointError(f"--resume: no checkpoint at {ckpt_path} (run_name {cfg.run_name!r})")

    setup = prepare(cfg)
    model: ContentModel = setup["model"]
    codec: Codec = setup["codec"]
    X = codec.to_model(setup["corpus"].items[setup["train_idx"]])  # (N, *model_shape)
    C = setup["cond"][torch.as_tensor(setup["train_idx"])] if setup["cond"] is not None else None
    opts = make_optimizers(cfg, model)
    gen = torch.Generator().manual_seed(cfg.seed)  # every random draw of training: order, noise, GP
    fixed_z, fixed_c = fixed_batch(cfg, setup)
    start_epoch, step, seconds = 0, 0, 0.0

    if resume:
        state = ckpt_mod.load_checkpoint(ckpt_path, kind=cfg.kind, model=cfg.model)
        saved = dict(state["meta"]["config"])
        mismatched = sorted(k for k, v in cfg.to_dict().items() if k != "epochs" and saved.get(k) != v)
        if mismatched:
            raise ConfigError(f"--resume: the config differs from the checkpoint's in {mismatched}; "
                              "only `epochs` may change when resuming")
        if state["meta"]["corpus"]["manifest_sha256"] != setup["corpus"].manifest_sha256:
            raise CheckpointError(f"--resume: the corpus differs from the one {ckpt_path} was trained on "
                                  "(manifest sha256 mismatch); resume with the same corpus or start a new run")
        model.load_state_dict(state["model"])
        for name, opt in opts.items():
            opt.load_state_dict(state["optim"][name])
        gen.set_state(state["rng"]["train"])
        torch.set_rng_state(state["rng"]["torch"])
        start_epoch, step = state["meta"]["epoch"], state["meta"]["step"]
        seconds = float(state["meta"].get("train_seconds", 0.0))
        log.info("resuming %s at epoch %d (step %d)", ckpt_path, start_epoch, step)

    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "samples").mkdir(exist_ok=True)
    (run_dir / "config.yaml").write_text(yaml.safe_dump(cfg.to_dict(), sort_keys=False))
    from torch.utils.tensorboard import SummaryWriter
    from tqdm import tqdm

    writer = SummaryWriter(str(run_dir / "tb"), purge_step=step if resume else None)
    n_batches = max(len(X) // cfg.batch_size, 1)
    kind = setup["kind"]
    model.train()
    for epoch in range(start_epoch, cfg.epochs):
        t0 = time.perf_counter()
        for opt in opts.values():
            for group in opt.param_groups:
                base = cfg.lr if opt is opts["main"] else cfg.lr_critic
                group["lr"] = base * lr_factor(cfg, epoch)
        kl_weight = cfg.kl_weight * (min(1.0, (epoch + 1) / cfg.kl_warmup_epochs) if cfg.kl_warmup_epochs else 1.0)
        perm = torch.randperm(len(X), generator=gen)
        bar = tqdm(range(n_batches), desc=f"{cfg.run_name} epoch {epoch + 1}/{cfg.epochs}",
                   disable=not progress, leave=False, dynamic_ncols=True)
        totals: dict[str, float] = {}
        for b in bar:
            idx = perm[b * cfg.batch_size:(b + 1) * cfg.batch_size]
            real = X[idx]
            cond = C[idx] if C is not None else None
            step += 1
            if cfg.model == "gan":
                losses = gan_update(cfg, model, opts, real, cond, step, gen)
            elif cfg.model == "vae":
                losses = vae_update(cfg, model, opts, real, cond, kl_weight, gen)
            else:
                losses = aae_update(cfg, model, opts, real, cond, step, gen)
            for k, v in losses.items():
                totals[k] = totals.get(k, 0.0) + v
            if step % cfg.log_every == 0:
                for k, v in losses.items():
                    writer.add_scalar(f"losses/{k}", v, step)
                writer.add_scalar("charts/lr", opts["main"].param_groups[0]["lr"], step)
            bar.set_postfix({k: f"{v:.3g}" for k, v in losses.items()})
        bar.close()
        seconds += time.perf_counter() - t0

        # end of epoch: the fixed-noise contact sheet, sheet validity, and an atomic checkpoint
        model.eval()
        with torch.no_grad():
            items = codec.to_items(model.decode(fixed_z, fixed_c))
        model.train()
        sheet = contact_sheet(kind, items)
        sheet.save(run_dir / "samples" / f"epoch_{epoch + 1:03d}.png")
        writer.add_image("samples/fixed_noise", np.asarray(sheet.convert("RGB")), step, dataformats="HWC")
        valid = float(np.mean([bool(kind.validate(it).valid) for it in items]))
        writer.add_scalar("charts/sheet_valid_frac", valid, step)
        writer.add_scalar("charts/epoch_seconds", time.perf_counter() - t0, step)
        means = {k: v / n_batches for k, v in totals.items()}
        for k, v in means.items():
            writer.add_scalar(f"epoch/{k}", v, step)
        log.info("epoch %d/%d %s sheet_valid=%.2f (%.1fs)", epoch + 1, cfg.epochs,
                 " ".join(f"{k}={v:.4g}" for k, v in means.items()), valid, time.perf_counter() - t0)
        ckpt_mod.save_checkpoint(ckpt_path, {
            "meta": make_meta(cfg, setup, epoch + 1, step, seconds),
            "model": model.state_dict(),
            "optim": {name: opt.state_dict() for name, opt in opts.items()},
            "rng": {"train": gen.get_state(), "torch": torch.get_rng_state()},
            "fixed_noise": fixed_z,
        })
    writer.close()
    return ckpt_path


def config_of_checkpoint(ckpt: dict[str, Any]) -> GeneratorConfig:
    """The GeneratorConfig a checkpoint was trained with."""
    return config_from_dict(dict(ckpt["meta"]["config"]), source="checkpoint config")
