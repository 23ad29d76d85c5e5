"""``python -m evals.kb losses``: each failing question's first loss, counted per split. Questions,
passages and answers are written for this test."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.kb import losses
from evals.kb.cli import main
from evals.kb.questions import Question, load_split
from evals.kb.results import FactResult, KbReport, PassageResult, QuestionResult, RunConfig
from local_bedrock.guardrail.policy import GuardrailPolicy

POLICY = GuardrailPolicy.from_file(losses.POLICY_FILE)
KITES = Question.model_validate(
    {
        "id": "kites-01",
        "question": "My kite string snapped on the first day. What now?",
        "gold": [{"document": "kites.md", "section": "Broken parts"}],
        "facts": [{"fact": "A snapped line is replaced for free.", "keys": ["replaced for free"]}],
    }
)
GOLD = PassageResult(
    rank=1,
    document="kites.md",
    sections=["Broken parts"],
    relevance=1.0,
    text=(
        "Kites > Broken parts\n\nLines and spars are checked before sale.\n\n"
        "A snapped line is replaced for free."
    ),
)
OTHER = PassageResult(
    rank=2,
    document="kites.md",
    sections=["Flying fields"],
    relevance=0.5,
    text="Kites > Flying fields\n\nFly your kite only in open fields away from power lines.",
)


def _result(answer: str, passages: list[PassageResult], retrieved: bool = True) -> QuestionResult:
    stated = "replaced for free" in answer
    return QuestionResult(
        id=KITES.id,
        split="kites",
        question=KITES.question,
        gold=["kites.md › Broken parts"],
        passages=passages,
        answer=answer,
        facts=[FactResult(fact=KITES.facts[0].fact, stated=stated, retrieved=retrieved)],
        facts_stated=float(stated),
    )


QUOTES_GOLD = "According to our Kites policy: Lines and spars are checked before sale."
QUOTES_OTHER = "According to our Kites policy: Fly your kite only in open fields away from power lines."


@pytest.mark.parametrize(
    ("answer", "passages", "retrieved", "expected"),
    [
        ("Your order K-12 is on its way.", [GOLD, OTHER], True, "routed"),
        (POLICY.blockedInputMessaging, [GOLD, OTHER], True, "input"),
        (QUOTES_OTHER, [OTHER], False, "retrieval"),
        (POLICY.blockedOutputsMessaging, [GOLD, OTHER], True, "blocked"),
        (QUOTES_OTHER, [OTHER, GOLD], True, "other_first"),
        (QUOTES_GOLD, [GOLD, OTHER], True, "wrong_unit"),
        ("According to our Kites policy: A snapped line is replaced for free.", [GOLD], True, None),
    ],
)
def test_each_loss_is_put_in_the_first_class_that_holds(
    answer: str, passages: list[PassageResult], retrieved: bool, expected: str | None
) -> None:
    assert losses.first_loss(_result(answer, passages, retrieved), KITES, POLICY) == expected


def test_a_fact_in_another_retrieved_passage_than_the_first_units() -> None:
    # the gold passage answers first, but the fact is said by a passage of another section
    elsewhere = OTHER.model_copy(update={"text": OTHER.text + "\n\nA snapped line is replaced for free."})
    gold = GOLD.model_copy(
        update={"text": "Kites > Broken parts\n\nLines and spars are checked before sale."}
    )
    result = _result(QUOTES_GOLD, [gold, elsewhere])
    assert losses.first_loss(result, KITES, POLICY) == "elsewhere"


def test_two_sections_one_quoted() -> None:
    two = KITES.model_copy(
        update={"gold": [*KITES.gold, KITES.gold[0].model_copy(update={"section": "Flying fields"})]}
    )
    result = _result(QUOTES_GOLD, [GOLD, OTHER.model_copy(update={"relevance": 1.0})])
    result.gold = ["kites.md › Broken parts", "kites.md › Flying fields"]
    assert losses.first_loss(result, two, POLICY) == "one_of_two"


def test_the_table_counts_per_split_and_in_all() -> None:
    results = [
        _result(QUOTES_GOLD, [GOLD, OTHER]),
        _result(QUOTES_OTHER, [OTHER, GOLD]).model_copy(update={"split": "kites2"}),
        _result("According to our Kites policy: A snapped line is replaced for free.", [GOLD]),
    ]
    lines = losses.table(results, {KITES.id: KITES}, POLICY)
    assert lines[0] == "| first loss (questions) | kites | kites2 | all |"
    assert "| right section, wrong sentence or row | 1 | 0 | 1 |" in lines
    assert "| another section answered first | 0 | 1 | 1 |" in lines
    assert lines[-3:-1] == ["| all | 1 | 1 | 2 |", "| questions | 2 | 1 | 3 |"]
    # kites: one of two answers states its fact; all: the mean of the splits' means
    assert lines[-1] == "| facts stated (mean; all: of the splits) | 0.5000 | 0.0000 | 0.2500 |"


def test_the_command_reads_run_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    question = load_split("tuning")[0]
    result = QuestionResult(
        id=question.id,
        split="tuning",
        question=question.question,
        gold=[],
        answer="Your order is on its way.",
        facts=[FactResult(fact=f.fact, stated=False, retrieved=True) for f in question.facts],
        facts_stated=0.0,
    )
    config = RunConfig(
        target="local",
        where="here",
        split="tuning",
        questions=1,
        k=5,
        retriever="r",
        chunking="c",
        judge="deterministic",
        started_at="2026-12-02T00:00:00+00:00",
        command="python -m evals.kb run",
    )
    report = KbReport(config=config, summary={}, counts={}, questions=[result])
    path = tmp_path / "report.json"
    path.write_text(report.model_dump_json(), encoding="utf-8")
    assert main(["losses", str(path)]) == 0
    out = capsys.readouterr().out
    assert "| no policy answer (routed to an operation or a refusal; none composed) | 1 | 1 |" in out


def test_the_command_composes_alone_for_a_split(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    first = load_split("tuning")[:2]
    monkeypatch.setattr("evals.kb.cli.load_labelled", lambda split: [(split, q) for q in first])
    assert main(["losses", "--split", "tuning"]) == 0
    assert "| questions | 2 | 2 |" in capsys.readouterr().out


def test_reports_and_a_split_together_are_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["losses", "report.json", "--split", "tuning"]) == 2
    assert "not both" in capsys.readouterr().err
