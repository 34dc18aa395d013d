"""Generators: GAN / VAE / adversarial-autoencoder models of every content kind, their training,
checkpoints, evaluation and ONNX export, behind one latent interface:

    gen = load_generator(path)            # or default_generator("rooms")
    items = gen.generate(z, condition)    # z (B, gen.latent_dim) -> (B, *item_shape) in the kind's dtype
    z = gen.encode(items)                 # VAE / AAE only: (B, *item_shape) -> (B, gen.latent_dim)
"""
from python_bridge.generators.generator import Generator, load_generator
from python_bridge.generators.registry import default_checkpoint, default_generator, list_models

__all__ = ["Generator", "default_checkpoint", "default_generator", "list_models", "load_generator"]
