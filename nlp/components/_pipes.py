"""Typed look-up of a pipeline's component by name: spaCy's ``get_pipe`` is typed to return any callable."""

from __future__ import annotations

from typing import TypeVar

from spacy.language import Language

from ..errors import Errors

Component = TypeVar("Component")


def pipe_of(nlp: Language, name: str, kind: type[Component]) -> Component:
    """The component ``name`` of ``nlp``, which must be a ``kind``."""
    component = nlp.get_pipe(name)
    if not isinstance(component, kind):
        raise TypeError(Errors.E012.format(name=name, kind=kind.__name__, found=type(component).__name__))
    return component
