"""The labelled knowledge-base question set (questions.yaml, the dev splits and the blind splits)
as pydantic models.

A fact is *stated* in a text when every one of its keys occurs there: case-insensitive, markdown
emphasis removed, whitespace collapsed, as whole words (``$1`` does not match ``$1,500``, ``30 days``
does not match ``130 days``). A key may offer alternatives separated by `` | ``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from evals import yaml_files

QUESTION_DIR = Path(__file__).resolve().parent
SPLIT_FILES = {
    "tuning": QUESTION_DIR / "questions.yaml",
    "dev3": QUESTION_DIR / "questions_dev3.yaml",  # written 2026-12-01 for round 3; tuned on
    "dev4": QUESTION_DIR / "questions_dev4.yaml",  # written 2026-12-01 for round 4; tuned on
    "dev5": QUESTION_DIR / "questions_dev5.yaml",  # written 2026-12-01 for round 6; tuned on
    "blind": QUESTION_DIR / "questions_blind.yaml",  # written 2026-11-30, before round 1
    "blind2": QUESTION_DIR / "questions_blind2.yaml",  # written 2026-12-01, before round 2
    "blind3": QUESTION_DIR / "questions_blind3.yaml",  # written 2026-12-01, before round 3
    "blind4": QUESTION_DIR / "questions_blind4.yaml",  # written 2026-12-01, before round 4
    "blind5": QUESTION_DIR / "questions_blind5.yaml",  # written 2026-12-01, before round 5
    "blind6": QUESTION_DIR / "questions_blind6.yaml",  # written 2026-12-01, before round 6
    "blind7": QUESTION_DIR / "questions_blind7.yaml",  # written 2026-12-01, before round 7
    "blind8": QUESTION_DIR / "questions_blind8.yaml",  # written 2026-12-01, before round 8
    "blind9": QUESTION_DIR / "questions_blind9.yaml",  # written 2026-12-01, before round 9
    "blind10": QUESTION_DIR / "questions_blind10.yaml",  # written 2026-12-01, before round 10
    "blind11": QUESTION_DIR / "questions_blind11.yaml",  # written 2026-12-02, before round 11
    "blind12": QUESTION_DIR / "questions_blind12.yaml",  # written 2026-12-02, before round 12
    "blind13": QUESTION_DIR / "questions_blind13.yaml",  # written 2026-12-02, before round 13
    "blind14": QUESTION_DIR / "questions_blind14.yaml",  # written 2026-12-02, before round 14
    "blind15": QUESTION_DIR / "questions_blind15.yaml",  # written 2026-12-02, before round 15
    "blind16": QUESTION_DIR / "questions_blind16.yaml",  # written 2026-12-03, before round 16
    "blind17": QUESTION_DIR / "questions_blind17.yaml",  # written 2026-12-04, blind, during round 17
    "blind18": QUESTION_DIR / "questions_blind18.yaml",  # written 2026-12-04, blind, at round 19's start
    "blind19": QUESTION_DIR / "questions_blind19.yaml",  # written 2026-12-04, blind, at round 20's start
    "blind20": QUESTION_DIR / "questions_blind20.yaml",  # written 2026-12-04, blind, at round 21's start
    "blind21": QUESTION_DIR / "questions_blind21.yaml",  # written 2026-12-04, blind, at round 22's start
    "blind22": QUESTION_DIR / "questions_blind22.yaml",  # written 2026-12-04, blind, at round 23's start
    "blind23": QUESTION_DIR / "questions_blind23.yaml",  # written 2026-12-04, blind, at round 24's start
    "blind24": QUESTION_DIR / "questions_blind24.yaml",  # written 2026-12-04, blind, at round 25's start
    "blind25": QUESTION_DIR / "questions_blind25.yaml",  # written 2026-12-04, blind, at round 26's start
    "blind26": QUESTION_DIR / "questions_blind26.yaml",  # written 2026-12-04, blind, at round 27's start
    "blind27": QUESTION_DIR / "questions_blind27.yaml",  # written 2026-12-04, blind, at round 28's start
}
SPLITS = tuple(SPLIT_FILES)  # every split, in the order `all` reads them
# The splits answers may be tuned on; every other one is blind.
TUNING_SPLITS = ("tuning", "dev3", "dev4", "dev5")
BLIND_SPLITS = tuple(name for name in SPLITS if name not in TUNING_SPLITS)
# The blind split held out in the round being worked on (counted for its summary only), and the one
# judged after it once registered: never tuned on, and never fitted on by the planner's comparison of
# candidates (evals/planner/fit_candidates.py). Round 29: blind27 held out.
HELD_OUT = ("blind27",)
# The agent the questions are asked of unless `--agent` names another (evals/kb/cli.py).
DEFAULT_AGENT = "assistant"
TUNABLE_SPLITS = tuple(name for name in SPLITS if name not in HELD_OUT)
# A split's name, or "all". Checked against SPLIT_FILES when read (``load_labelled``), so a new split is
# one line of SPLIT_FILES and nothing else.
Split = str
Kind = Literal["paraphrase", "table-row", "two-section"]


class QuestionSetError(Exception):
    """A question file is missing or invalid; the message names the file and the question."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GoldSection(_Model):
    document: str = Field(pattern=r"^[a-z0-9-]+\.md$")
    section: str = Field(min_length=1)


class Fact(_Model):
    fact: str = Field(min_length=3)
    keys: list[str] = Field(min_length=1)

    @field_validator("keys")
    @classmethod
    def _keys_not_blank(cls, keys: list[str]) -> list[str]:
        if any(not alternative.strip() for key in keys for alternative in key.split("|")):
            raise ValueError("a key (or one of its `|` alternatives) is blank")
        return keys


class Question(_Model):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    question: str = Field(min_length=3, max_length=1000)
    kinds: list[Kind] = Field(default_factory=list)
    gold: list[GoldSection] = Field(min_length=1)
    facts: list[Fact] = Field(min_length=1)

    @property
    def reference_answer(self) -> str:
        """The ground truth as one text (Bedrock's ``referenceResponses``): the facts joined."""
        return " ".join(f.fact for f in self.facts)

    @property
    def documents(self) -> list[str]:
        return list(dict.fromkeys(g.document for g in self.gold))


class QuestionFile(_Model):
    questions: list[Question] = Field(min_length=1)


def normalize(text: str) -> str:
    """Lower case, markdown emphasis and table bars removed, typographic quotes straightened."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"[*_`|]+", " ", text)
    return re.sub(r"\s+", " ", text).strip().lower()


@lru_cache(maxsize=4096)
def _key_pattern(alternative: str) -> re.Pattern[str]:
    body = re.escape(normalize(alternative))
    return re.compile(rf"(?<![\w]){body}(?![\w]|[.,]\d)")


def key_found(normalized_text: str, key: str) -> bool:
    return any(_key_pattern(alt.strip()).search(normalized_text) for alt in key.split("|"))


def fact_stated(text: str, fact: Fact) -> bool:
    """Does ``text`` state ``fact`` (every key present)?"""
    normalized = normalize(text)
    return all(key_found(normalized, key) for key in fact.keys)


def load_file(path: Path) -> list[Question]:
    try:
        raw = yaml_files.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise QuestionSetError(f"{path}: no such question file") from None
    except yaml.YAMLError as exc:
        raise QuestionSetError(f"{path}: not valid YAML: {exc}") from None
    try:
        return QuestionFile.model_validate(raw).questions
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}" for error in exc.errors()
        )
        raise QuestionSetError(f"{path}: {problems}") from None


def load_labelled(split: Split, files: dict[str, Path] | None = None) -> list[tuple[str, Question]]:
    """The questions of one split (or of every split), each with the name of its split; ids are
    checked unique across the files read."""
    files = files or SPLIT_FILES
    if split != "all" and split not in files:
        raise QuestionSetError(f"no split {split!r}; the splits: {', '.join(files)}, or all")
    names = list(files) if split == "all" else [split]
    labelled = [(name, q) for name in names for q in load_file(files[name])]
    counts = Counter(q.id for _, q in labelled)
    duplicates = sorted(ident for ident, n in counts.items() if n > 1)
    if duplicates:
        raise QuestionSetError(f"duplicate question ids: {', '.join(duplicates)}")
    return labelled


def load_split(split: Split, files: dict[str, Path] | None = None) -> list[Question]:
    """The questions of one split (or of every split), with ids checked unique across the files read."""
    return [q for _, q in load_labelled(split, files)]


def select(questions: Iterable[Question], ids: Iterable[str] = ()) -> list[Question]:
    wanted = set(ids)
    chosen = [q for q in questions if not wanted or q.id in wanted]
    unknown = wanted - {q.id for q in chosen}
    if unknown:
        raise QuestionSetError(f"no question with id {', '.join(sorted(unknown))} in the chosen split")
    return chosen
