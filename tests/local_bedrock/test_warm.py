"""`python -m local_bedrock warm` builds what a start keeps, so a start after it encodes nothing."""

from __future__ import annotations

import numpy as np
import pytest

from local_bedrock import encoder
from local_bedrock.__main__ import main
from local_bedrock.planner import meaning


def test_after_warm_a_start_reads_every_vector_from_the_cache(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The checkout's cache (make test runs `make warm` first; here it may do the work itself).
    assert main(["warm"]) == 0
    assert "local Bedrock: caches ready" in capsys.readouterr().err
    kept = sorted(encoder.CACHE_DIR.glob("vectors-*.npy"))
    assert len(kept) >= 3  # the retriever's chunks, the planner's passages, each agent's declarations
    # A new process after it: nothing in memory, every vector from disk, no forward pass.
    meaning._passages.cache_clear()
    meaning._operations.cache_clear()  # type: ignore[attr-defined]
    monkeypatch.setattr(encoder, "_kept", {})

    def no_forward(*_args: object) -> np.ndarray:
        raise AssertionError("a kept vector was encoded again after warm")

    monkeypatch.setattr(encoder, "_forward", no_forward)
    assert main(["warm"]) == 0
