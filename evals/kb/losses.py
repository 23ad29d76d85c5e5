"""Where the facts are lost: each question that leaves a fact unstated is put in the first class
that holds, in this order (issue 11's loss table, rounds 14 and 15).

1. ``routed``: the answer is no policy answer (an operation's reply, a confirmation, a refusal; the
   run goes through InvokeAgent, so the planner chose; composer alone: nothing was composed);
2. ``input``: the guardrail blocked the question (its blocked input message: card numbers ...);
3. ``retrieval``: a missed fact is in none of the top k passages;
4. ``blocked``: the guardrail replaced the answer with its blocked output message (the contextual
   grounding check);
5. ``other_first``: the answer's first unit comes from a passage of no gold section;
6. ``one_of_two``: a question of several gold sections, one of which is retrieved and not quoted;
7. ``wrong_unit``: the first unit's (gold) passage holds the missed fact: the right section, the
   wrong sentence or row;
8. ``elsewhere``: the fact is in another retrieved passage.

    python -m evals.kb losses reports/eval-kb-*/report.json   # end to end (python -m evals.kb run)
    python -m evals.kb losses --split dev3 --split blind2      # the composer alone, no planner

The composer-alone mode composes each answer from the local retriever's top k with
``knowledge.compose`` and applies the guardrail's contextual grounding check to it, as the local
runtime does to a knowledge-base answer; no planner, so nothing is routed elsewhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from evals.kb.probe import Answer
from evals.kb.questions import Question, fact_stated, load_labelled
from evals.kb.results import KbReport, QuestionResult
from evals.kb.scoring import score_answer, score_retrieval
from evals.kb.sections import KNOWLEDGE_DIR, Corpus
from local_bedrock.guardrail.engine import GuardrailEngine
from local_bedrock.guardrail.policy import GuardrailPolicy
from local_bedrock.manifest import REPO_ROOT
from local_bedrock.planner import knowledge
from local_bedrock.retriever import Retriever
from local_bedrock.retriever.passages import quotables
from local_bedrock.runtime import GUARDRAIL_POLICY

POLICY_FILE = REPO_ROOT / GUARDRAIL_POLICY
# (class, what the table calls it), in the order the classes are tried
CLASSES: tuple[tuple[str, str], ...] = (
    ("routed", "no policy answer (routed to an operation or a refusal; none composed)"),
    ("input", "another guardrail policy (the question blocked)"),
    ("retrieval", "a missed fact in none of the top k passages"),
    ("blocked", "grounding check blocked the answer"),
    ("other_first", "another section answered first"),
    ("one_of_two", "two sections, one quoted"),
    ("wrong_unit", "right section, wrong sentence or row"),
    ("elsewhere", "right section first, the fact in another retrieved passage"),
)
ATTRIBUTION = "According to our "


def _body(answer: str) -> str:
    """The answer without its attribution ("According to our Returns policy: ")."""
    return answer.split(": ", 1)[1] if answer.startswith(ATTRIBUTION) and ": " in answer else answer


def _quoted_ranks(result: QuestionResult) -> tuple[int | None, set[int]]:
    """(index of the passage the answer's first unit comes from, indexes of every passage quoted)."""
    body = _body(result.answer or "")
    first, quoted = None, set()
    for index, passage in enumerate(result.passages):
        units = [q.text for q in quotables(passage.text)]
        if first is None and any(body.startswith(u) for u in units):
            first = index
        if any(u in body for u in units):
            quoted.add(index)
    return first, quoted


def first_loss(result: QuestionResult, question: Question, policy: GuardrailPolicy) -> str | None:
    """The class of ``result``'s first loss (CLASSES), or None when every fact of ``question`` (its
    labels: the facts' keys) is stated."""
    missed = [f for f in result.facts if not f.stated]
    if not missed or result.error:
        return None if not missed else "routed"
    answer = result.answer or ""
    blocked = answer == policy.blockedOutputsMessaging
    if not answer.startswith(ATTRIBUTION) and not blocked and answer != policy.blockedInputMessaging:
        return "routed"
    if answer == policy.blockedInputMessaging:
        return "input"
    if any(not f.retrieved for f in missed):
        return "retrieval"
    if blocked:
        return "blocked"
    first, quoted = _quoted_ranks(result)
    if first is None or result.passages[first].relevance < 1:
        return "other_first"
    gold_unquoted = [i for i, p in enumerate(result.passages) if p.relevance == 1 and i not in quoted]
    covered = {s for i in quoted for s in result.passages[i].sections}
    if len(result.gold) > 1 and any(set(result.passages[i].sections) - covered for i in gold_unquoted):
        return "one_of_two"
    text = result.passages[first].text
    missed_facts = {f.fact for f in missed}
    if any(fact_stated(text, f) for f in question.facts if f.fact in missed_facts):
        return "wrong_unit"
    return "elsewhere"


def composed(
    questions: list[tuple[str, Question]], k: int = 5, retriever: Retriever | None = None
) -> list[QuestionResult]:
    """Every (split, question) answered by the composer alone, after the grounding check."""
    retriever = retriever or Retriever.from_directory(KNOWLEDGE_DIR)
    engine = GuardrailEngine(GuardrailPolicy.from_file(POLICY_FILE))
    corpus = Corpus()
    results = []
    for split, question in questions:
        found = retriever.retrieve(question.question, k)
        result = score_retrieval(question, split, corpus, found, k)
        text = knowledge.compose(question.question, found) or ""
        check = engine.check_grounding(text, [p.text for p in result.passages], question.question)
        blocked = bool(text) and check is not None and check.blocked
        answer = Answer(
            text=check.text if blocked and check else text, guardrail="INTERVENED" if blocked else "NONE"
        )
        score_answer(result, question, corpus, answer)
        results.append(result)
    return results


def from_reports(paths: Iterable[Path]) -> list[QuestionResult]:
    """The questions of ``report.json`` files written by ``python -m evals.kb run``."""
    return [q for path in paths for q in KbReport.model_validate_json(path.read_text("utf-8")).questions]


def table(
    results: list[QuestionResult],
    questions: dict[str, Question] | None = None,
    policy: GuardrailPolicy | None = None,
) -> list[str]:
    """The loss table as Markdown lines: one row per class, a column per split and one for all.
    ``questions``: the labelled questions by id (default: read from the results' splits)."""
    policy = policy or GuardrailPolicy.from_file(POLICY_FILE)
    splits = list(dict.fromkeys(r.split for r in results))
    if questions is None:
        questions = {q.id: q for split in splits for _, q in load_labelled(split)}
    counts: dict[str, Counter[str]] = {name: Counter() for name, _ in CLASSES}
    for result in results:
        loss = first_loss(result, questions[result.id], policy)
        if loss is not None:
            counts[loss][result.split] += 1
    header = ["first loss (questions)", *splits, "all"]
    rows = [
        [label, *(str(counts[name][s]) for s in splits), str(sum(counts[name].values()))]
        for name, label in CLASSES
    ]
    totals = [sum(counts[name][s] for name, _ in CLASSES) for s in splits]
    rows.append(["all", *(str(t) for t in totals), str(sum(totals))])
    size = Counter(r.split for r in results)
    rows.append(["questions", *(str(size[s]) for s in splits), str(len(results))])
    stated = {s: [r.facts_stated or 0.0 for r in results if r.split == s] for s in splits}
    means = [sum(v) / len(v) for v in stated.values()]
    rows.append(
        [
            "facts stated (mean; all: of the splits)",
            *(f"{m:.4f}" for m in means),
            f"{sum(means) / len(means):.4f}",
        ]
    )
    return ["| " + " | ".join(row) + " |" for row in [header, ["---"] * len(header), *rows]]
