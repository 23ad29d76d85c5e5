"""How close a message is in meaning to what the agent declares, by sentence vectors.

Words fail where a request is said in other words than the declarations: a policy question about a
topic the documents name differently, a read named by its purpose, a request the agent's
instruction does not cover. The sentence encoder (local_bedrock/encoder.py, all-MiniLM-L6-v2 on
numpy, decision 0049) maps a sentence to a unit vector; the dot product of two is their cosine, high
for paraphrases. This module compares the message with

- each operation's declaration: its summary and description, and those with its parameters'
  descriptions;
- the knowledge base's passages: every paragraph of every section, after its heading.

(Round 12 also compared it with the agent's instruction, sentence by sentence, for what is in scope:
the cross-validation gained nothing from it, so it was left out.)

The declarations' vectors are computed once per agent or directory and kept on disk
(``encoder.encode_kept``: a later start reads them); the message is encoded once per process and
text (the encoder's memo), so once per turn at most. The cosines are evidence for the comparison of
candidates (candidates.py), never a decision on their own. Part of the offline planner.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from local_bedrock import encoder
from local_bedrock.agent.definition import AgentDefinition, Operation
from local_bedrock.manifest import REPO_ROOT
from local_bedrock.planner import knowledge
from local_bedrock.planner.per_agent import per_agent

if TYPE_CHECKING:
    import numpy as np

_BLOCK = re.compile(r"\n\s*\n")


def operation_texts(operation: Operation) -> tuple[str, str]:
    """What an operation declares, said as sentences: its summary and description, and the same
    followed by its parameters' descriptions."""
    head = ". ".join(t.strip().rstrip(".") for t in (operation.summary, operation.description) if t.strip())
    said = [f"{p.name}: {p.description.strip()}" for p in operation.parameters if p.description.strip()]
    return head, ". ".join([head, *said]) if said else head


@per_agent
def _operations(agent: AgentDefinition) -> tuple[tuple[str, ...], np.ndarray]:
    """The agent's operation ids, each twice, and the vectors of their two declaration texts."""
    ids = tuple(op.operation_id for op in agent.operations for _ in range(2))
    texts = [t for op in agent.operations for t in operation_texts(op)]
    return ids, encoder.encode_kept(texts) if texts else encoder.encode([])


def passages(directory: Path) -> list[str]:
    """Every paragraph of the documents' sections, after the heading it sits under."""
    found = []
    for headings, body in knowledge.document_sections(directory):
        title = headings[-1] if headings else ""
        for block in _BLOCK.split(body):
            text = " ".join(block.split())
            if text:
                found.append(f"{title}: {text}" if title else text)
    return found


@lru_cache(maxsize=4)
def _passages(directory: Path) -> np.ndarray:
    texts = passages(directory) if directory.is_dir() else []
    return encoder.encode_kept(texts) if texts else encoder.encode([])


def keep_passages(directory: Path) -> None:
    """Encode (or read back from disk) the passages of ``directory`` before any message needs them."""
    _passages(directory)


def keep_operations(agent: AgentDefinition) -> None:
    """Encode (or read back from disk) the agent's declarations before any message needs them."""
    _operations(agent)


def _best(vectors: np.ndarray, text: str) -> float:
    return float(encoder.cosines(vectors, text).max()) if len(vectors) else 0.0


def to_operation(agent: AgentDefinition, text: str, operation_id: str | None = None) -> float:
    """The highest cosine of ``text`` with a declaration of the operation named (any operation's when
    None)."""
    ids, vectors = _operations(agent)
    if operation_id is not None:
        rows = [i for i, o in enumerate(ids) if o == operation_id]
        vectors = vectors[rows]
    return _best(vectors, text)


def to_documents(directory: Path | None, text: str) -> float:
    """The highest cosine of ``text`` with a paragraph of the knowledge base's documents (``None``: the
    repository's, as knowledge.py reads them for a planner given no directory)."""
    return _best(_passages(directory or REPO_ROOT / "knowledge_base"), text)


def message_vector(text: str) -> np.ndarray:
    """The sentence vector of ``text`` (the encoder's memo keeps it for the turn)."""
    return encoder.encode([text])[0]


def declaration_vector(agent: AgentDefinition, operation_id: str) -> np.ndarray:
    """The vector of the operation's whole declaration: summary, description and parameters'
    descriptions (the second of operation_texts, as _operations keeps each operation's two)."""
    ids, vectors = _operations(agent)
    return vectors[[i for i, o in enumerate(ids) if o == operation_id][-1]]


def nearest_passages(directory: Path | None, text: str, count: int = 3) -> np.ndarray:
    """The mean of the vectors of the ``count`` passages closest to ``text`` (zeros without any)."""
    import numpy as np  # loaded by the encoder already: here for its names only

    vectors = _passages(directory or REPO_ROOT / "knowledge_base")
    if not len(vectors):
        return np.zeros(encoder.DIMENSIONS)
    closest = np.argsort(-(vectors @ message_vector(text)))[:count]
    return vectors[closest].mean(axis=0)
