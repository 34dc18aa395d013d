"""make_source: the shipped default generator, unless its measured validity would have the guard block most content."""
import logging

from python_bridge.generators.registry import default_generator
from python_bridge.sources import MIN_DEFAULT_VALIDITY, GeneratorSource, ProceduralSource, make_source


def test_default_source_follows_the_shipped_models_measured_validity(caplog):
    for kind in ("rooms", "textures"):
        validity = default_generator(kind).meta["eval"]["validity_before_repair"]
        with caplog.at_level(logging.WARNING, logger="python_bridge.sources"):
            caplog.clear()
            source = make_source(kind)
        if validity < MIN_DEFAULT_VALIDITY:
            assert isinstance(source, ProceduralSource)
            assert "--generator PATH" in caplog.text and f"{100 * validity:.0f}%" in caplog.text
        else:
            assert isinstance(source, GeneratorSource) and caplog.text == ""


def test_a_shipped_model_that_is_mostly_invalid_gives_way_to_the_procedural_source(monkeypatch, caplog):
    from python_bridge.generators import registry

    # The shipped rooms GAN makes 0 % valid rooms before repair; make it the default for a moment.
    monkeypatch.setitem(registry.DEFAULTS, "rooms", ("rooms_gan.pt",))
    assert default_generator("rooms").meta["eval"]["validity_before_repair"] < MIN_DEFAULT_VALIDITY
    with caplog.at_level(logging.WARNING, logger="python_bridge.sources"):
        source = make_source("rooms")
    assert isinstance(source, ProceduralSource) and "--generator PATH" in caplog.text


def test_an_explicit_checkpoint_is_used_whatever_its_validity():
    from python_bridge.generators.registry import default_checkpoint

    source = make_source("rooms", str(default_checkpoint("rooms")))
    assert isinstance(source, GeneratorSource) and source.kind == "rooms"
    assert isinstance(make_source("rooms", "procedural"), ProceduralSource)


def test_conditional_source_draws_patterns_from_an_exemplar_bank_not_prior_noise():
    """The textures VAE's prior samples decode to noise; the exemplar bank gives real patterns, more varied than the prior's."""
    import numpy as np

    from python_bridge.content.registry import get_kind
    from python_bridge.generators.metrics_adapter import diversity

    kind = get_kind("textures")
    model = default_generator("textures")
    source = GeneratorSource(model, seed=0)
    assert source.action_dim == model.condition_dim + 1
    points = np.random.default_rng(0).uniform(-1, 1, size=(64, source.action_dim))
    items = source.generate(points)
    assert np.array_equal(items, source.generate(points))  # deterministic
    assert all(kind.validate(it).valid for it in items)
    corpus = kind.make_corpus(64, seed=123)
    from_bank = diversity(kind, items)
    from_prior = diversity(kind, model.generate(model.sample_latent(64, seed=0), kind.descriptors_batch(corpus).astype(np.float32)))
    assert from_bank >= 0.5 * diversity(kind, corpus) and from_bank > 1.2 * from_prior
    # the last action dimension picks the pattern; the others the colour and tone
    a = points[:1].copy()
    b = a.copy()
    b[0, -1] = -a[0, -1] if abs(a[0, -1]) > 0.2 else 0.9
    assert not np.array_equal(source.generate(a), source.generate(b))
