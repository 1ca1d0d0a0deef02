"""The resume parser behind imports and re-parses, built from the model registry.

spaCy is imported here, inside functions, so that importing the screening package
(and `candor --help`) stays fast. The registry loads the pipeline once per registry
and says which model it was, which every stored result records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from analysis.models import Capability, ModelRegistry, ResolvedModel

if TYPE_CHECKING:
    from spacy.language import Language

    from analysis.resume import ResumeParser, Taxonomy


def load_nlp(registry: ModelRegistry) -> tuple[Language, ResolvedModel]:
    """The spaCy pipeline for resumes (ModelUnavailable when it is missing) and its model."""

    def load(model: ResolvedModel) -> Language:
        import spacy

        return spacy.load(model.path)

    nlp = registry.load(Capability.RESUME_NLP, load)
    model = registry.loaded_model(Capability.RESUME_NLP) or registry.resolve(Capability.RESUME_NLP)
    return nlp, model


def resume_parser(
    registry: ModelRegistry, taxonomy: Taxonomy
) -> tuple[ResumeParser, ResolvedModel]:
    from analysis.resume import ResumeParser

    nlp, model = load_nlp(registry)
    return ResumeParser(nlp, taxonomy), model


def model_record(model: ResolvedModel) -> dict[str, Any]:
    """What a stored result says about the language model that produced it."""
    return {
        "capability": str(model.capability),
        "name": model.name,
        "version": model.version,
        "sha256": model.sha256,
        "device": model.device,
        "source": model.source,
    }
