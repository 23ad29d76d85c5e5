"""The knowledge-base evaluation report as pydantic models (``report.json`` is ``KbReport``)."""

from __future__ import annotations

from statistics import fmean

from pydantic import BaseModel, Field

# The per-question scores the report summarizes, in display order: (field, label, higher is better).
METRICS: tuple[tuple[str, str], ...] = (
    ("recall_at_k", "Recall@k"),
    ("reciprocal_rank", "MRR"),
    ("context_relevance", "Context relevance"),
    ("context_coverage", "Context coverage"),
    ("facts_stated", "Facts stated"),
    ("citation_precision", "Citation precision"),
    ("faithfulness", "Faithfulness"),
)


class PassageResult(BaseModel):
    rank: int
    document: str
    sections: list[str]
    score: float | None = None
    relevance: float
    text: str


class FactResult(BaseModel):
    fact: str
    stated: bool
    retrieved: bool  # stated by the retrieved passages (context coverage)


class CitationResult(BaseModel):
    span: str
    documents: list[str]
    precise: list[bool]


class LlmScores(BaseModel):
    """An LLM judge's reading of the same retrieval (Converse, when credentials exist)."""

    model_id: str
    context_relevance: float | None = None
    context_coverage: float | None = None
    reasoning: str = ""


class QuestionResult(BaseModel):
    id: str
    split: str
    question: str
    kinds: list[str] = Field(default_factory=list)
    gold: list[str]
    passages: list[PassageResult] = Field(default_factory=list)
    recall_at_k: float | None = None
    reciprocal_rank: float | None = None
    context_relevance: float | None = None
    context_coverage: float | None = None
    answer: str | None = None
    facts: list[FactResult] = Field(default_factory=list)
    facts_stated: float | None = None
    citations: list[CitationResult] = Field(default_factory=list)
    citation_precision: float | None = None
    faithfulness: float | None = None
    guardrail: str = "NONE"
    llm: LlmScores | None = None
    bedrock_job: dict[str, float] = Field(default_factory=dict)
    error: str | None = None

    def problems(self) -> list[str]:
        """Why this question counts as failing (empty: it does not)."""
        found = []
        if self.error:
            found.append(f"error: {self.error}")
        if self.recall_at_k is not None and self.recall_at_k < 1:
            found.append("gold section not retrieved")
        if self.context_coverage is not None and self.context_coverage < 1:
            found.append("retrieved passages miss a fact")
        if self.facts_stated is not None and self.facts_stated < 1:
            found.append("answer misses a fact")
        if self.citation_precision is not None and self.citation_precision < 1:
            found.append("cites a document it does not quote")
        if self.faithfulness is not None and self.faithfulness < 1:
            found.append("answer has a sentence not traced to retrieved text")
        if self.guardrail == "INTERVENED":
            found.append("the guardrail intervened")
        return found


class RunConfig(BaseModel):
    target: str
    where: str
    split: str
    questions: int
    k: int
    retriever: str
    chunking: str
    judge: str
    started_at: str
    command: str


class GateResult(BaseModel):
    passed: bool
    reasons: list[str] = Field(default_factory=list)
    thresholds: dict[str, float] = Field(default_factory=dict)


class BedrockJob(BaseModel):
    job_arn: str
    status: str
    metrics: dict[str, float] = Field(default_factory=dict)  # Builtin.* metric -> mean score
    output_uri: str = ""
    failure: str | None = None


class KbReport(BaseModel):
    config: RunConfig
    summary: dict[str, dict[str, float | None]]  # split (a name of SPLITS, or "all") -> metric -> mean
    counts: dict[str, int]
    questions: list[QuestionResult]
    gate: GateResult | None = None
    bedrock_job: BedrockJob | None = None


def mean_of(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(fmean(present), 4) if present else None


def _means(questions: list[QuestionResult]) -> dict[str, float | None]:
    means = {name: mean_of([getattr(q, name) for q in questions]) for name, _ in METRICS}
    llm = [q.llm for q in questions if q.llm is not None]
    if llm:
        means["llm_context_relevance"] = mean_of([s.context_relevance for s in llm])
        means["llm_context_coverage"] = mean_of([s.context_coverage for s in llm])
    return means


def summarize(
    questions: list[QuestionResult],
) -> tuple[dict[str, dict[str, float | None]], dict[str, int]]:
    """Means per split (and over both when both ran), and the counts of the whole run."""
    splits = list(dict.fromkeys(q.split for q in questions))
    summary = {split: _means([q for q in questions if q.split == split]) for split in splits}
    if len(splits) > 1:
        summary["all"] = _means(questions)
    counts = {
        "questions": len(questions),
        "failing": sum(1 for q in questions if q.problems()),
        "errors": sum(1 for q in questions if q.error),
        "uncited_answers": sum(1 for q in questions if q.answer is not None and not q.citations),
        "guardrail_interventions": sum(1 for q in questions if q.guardrail == "INTERVENED"),
    }
    return summary, counts
