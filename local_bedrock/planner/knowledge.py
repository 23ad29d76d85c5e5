"""Answers from the knowledge base: quote the retrieved sentence or table row that answers the
question, first, with the sentences of its paragraph that qualify it (a fee, an exception), then at
most three more units that add to it, so every claim is the document's own words and the citation
points at what was quoted. The answer opens with the document it quotes first
("According to our Returns policy: ...").

Units (sentences, list items, table rows with their column names) come from
``local_bedrock.retriever.passages``. Each is scored by the question's words it contains (rarer words
count more, rarity counted over the units' own words; the everyday-words lexicon's expansions count
less; the question's figures are not words; a unit's signs say their words, "$1" dollars, "70%"
percent), the question's words in its section's heading path
(the words of a phrase the lexicon knows, "bring it back", count as its meaning, not as themselves),
whether it holds the kind of fact asked for ("how long" -> a duration, "how much" -> an amount),
whether it limits a quantity the question states and the limit holds it ("I spent $800" -> the
"$500 to $1,499" row; ``local_bedrock.retriever.quantities``) or states the very quantity it states
("3 years" for a three-year plan), whether it is the table row holding an extreme the question asks
for ("cheapest", "top"; ``superlatives``), and the rank of its passage. A table row is quoted with
the sentences of its passage that name it and, in a small table, with the table's other rows. A
passage the four chosen units crowded out quotes its best unit when that unit scores as a second
section's must and holds a word of the question (decision 0048). Each section quoted then adds what
else it says about the question's words (at most three units of the best unit's section, one of each
other section). Each quoted section, and the passage Retrieve ranks first, then adds its unit nearest
the question in meaning (sentence vectors) when no unit quoted is nearer (decision 0059), and its
second-nearest when almost as near (decision 0063). A sentence
opening on a pronoun ("It ...") is quoted after the sentence it refers to.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from local_bedrock.guardrail import grounding
from local_bedrock.guardrail.content import classify
from local_bedrock.manifest import REPO_ROOT
from local_bedrock.planner import superlatives
from local_bedrock.planner.common_words import COMMON_WORDS
from local_bedrock.planner.figures import Figures
from local_bedrock.retriever import passages
from local_bedrock.retriever.chunking import sections
from local_bedrock.retriever.lexicon import Lexicon
from textnorm import terms

MIN_SCORE = 0.08  # a passage scoring less than this (0..1, times _said_share) answers nothing; 0.1
# before the retriever's coordination factor (round 4), which lowers a typical passage's score by a fifth
MAX_UNITS = 4
PARAGRAPH_CONTEXT = 2  # sentences of the best unit's paragraph quoted with it, beyond MAX_UNITS
SAME_PASSAGE_SHARE = 0.2  # a further unit of the best unit's passage must score this share of it
OTHER_PASSAGE_SHARE = 0.3  # a unit of another passage (a second section) must score this share;
# 0.4 -> 0.3 in round 4: dev4 facts stated 0.580 -> 0.607 (python -m evals.kb run), tuning and dev3
# the same, answers about 4 words longer on average
HEADING_WEIGHT = 0.5
# What each quoted section says about the thing asked (round 9): a section often states the asked
# fact in a unit that scored below the units chosen (a limit, an exception, the rule beside the one
# quoted; the composer alone on the eleven tunable splits left 16 facts in the best unit's own
# section and 14 in another retrieved section). Up to SECTION_UNITS further units of the best unit's
# passage, and up to OTHER_SECTION_UNITS of each other passage quoted, that hold a word the question
# weighs fully (weight 1 in ``_wanted``: its own words, and the meaning of a phrase when it is one
# word; a longer phrase's words count less) are quoted too, best scored first, beyond MAX_UNITS.
# Its own words alone: blind3 one question lower (composer alone).
# Measured (python -m evals.kb oracle, tunable splits; the held-out blind8 end to end 0.533 ->
# 0.553): 3 and 1 kept; the best section alone (3, 0) gained half as much with 11 words instead of
# 27 more per answer, and cutting answers at 110 to 140 words gave back most of the gain.
SECTION_UNITS = 3
OTHER_SECTION_UNITS = 1
# A unit of a quoted section whose limit holds a figure the question states ("From day 31 to day 90,
# start a warranty claim" for "it broke after two months") says what applies in the customer's case
# even when it shares no word with the question: it counts as a section mate too (round 14).
FIGURE_MATES = True
# Each quoted section also quotes its unit nearest the question in meaning (the cosine of their
# all-MiniLM-L6-v2 sentence vectors, ``local_bedrock.encoder``), when no unit quoted is nearer and it
# is nearer than the contextual grounding check's floor of relevance by meaning: a section often
# says the fact asked in words the question does not use ("it's already on the truck" -> "you can
# refuse the delivery"), and the word scores never reach that unit (round 15, ``_nearest_in_meaning``).
MEANING_MATES = True
MEANING_FLOOR = grounding.MEANING_FLOOR
# The passage Retrieve ranks first, by words and meaning over the whole chunk, is the likeliest
# section to answer even when another section's units win by words: its nearest unit is quoted as
# well, as if its section were quoted (round 15).
FIRST_PASSAGE = True
# A section's second-nearest unit in meaning is quoted too when its cosine is within MEANING_SECOND
# of the nearest's (and at least MEANING_FLOOR): the fact is often told in two sentences near the
# question alike (round 16, decision 0063; end to end on the eighteen tunable splits, facts stated
# 0.7747 -> 0.7868, no question lower; 0.1: 0.7887 with one question blocked by the grounding check,
# not kept). None: the nearest alone.
MEANING_SECOND: float | None = 0.05
# A passage whose unit scores OTHER_PASSAGE_SHARE of the best but is crowded out of the MAX_UNITS
# chosen (by further units of the best unit's passage) is still quoted, its best unit, when that unit
# holds a word the question weighs fully (``_crowded_out``; round 11, the composer alone on the
# thirteen tunable splits: mean facts stated 0.7589 -> 0.7750, no split lower, answers 126.7 -> 143.3
# words on average; 2 such passages 0.7807 at 150.4 words; a floor of 0.2: 0.7764 at 148.8, of 0.45:
# 0.7691 at 135.6; only a unit saying a question word nothing chosen says: 0.7625 at 131.3)
COMPLEMENT_UNITS = 1
# a table of at most this many rows is quoted whole when one of its rows answers (round 5, composer
# alone: blind3 +3 questions, the other splits the same, answers 2 words longer on average)
TABLE_ROWS = 6
RANK_PENALTY = 0.3
# A word counts by its rarity among the units to this power: sublinear, so that one rare word of the
# customer's situation ("jacket", "hang") does not outweigh two words of the rule asked about (round 7,
# composer alone: 1.0 -> 0.7 raised blind 0.872 -> 0.930, blind2 0.625 -> 0.650, blind4 0.629 ->
# 0.679, dev3 0.733 -> 0.750; dev4 0.723 -> 0.705 and dev5 0.838 -> 0.824 fell a question each; 0.5
# moved more both ways; the word-free bonuses keep their scale)
RARITY_EXPONENT = 0.7
# A unit whose paragraph states the kind of fact asked ("how many days" -> "7 days") answers it too,
# since the answer quotes the paragraph with it: this share of KIND_BONUS (round 7, with the
# exponent above: keeps "how many days do I have to collect a reserved book" on the paragraph that
# says it instead of a neighbour holding "24 hours"; 1.0 cost tuning one fact)
PARAGRAPH_KIND_SHARE = 0.5
KIND_BONUS = 1.5
# the table row holding an extreme the question asks for ("the cheapest plan"): this times the IDF
# of the extreme rows among the units, like figures.QUANTITY_BONUS (0.5 and 1.0 measured; 1.0 kept)
EXTREME_BONUS = 1.0
OVERVIEW = re.compile(r"^this (policy|guide|page|document|notice) (explains|describes|covers|gives)", re.I)
_LEXICON = Lexicon()
# Words of aspect and emphasis ("can I *still* cancel", "it *already* shipped") say nothing about
# which rule answers: they do not count when units are scored.
ASPECT_WORDS = frozenset(terms("still already yet anymore even ever really actually again"))

# What kind of fact a question asks for, and what a unit holding one looks like.
_DURATION = re.compile(
    r"\b(\d+|one|two|three|a|an)\s+(business\s+)?(days?|weeks?|months?|years?|hours?)\b|"
    r"\bnext business day\b|\buntil\b|\bwithin\b|\blifetime\b|\bnever expire",
    re.I,
)
_AMOUNT = re.compile(r"\$\d|\d+\s?%|\bfree\b|\bno (fee|interest|deductible)\b", re.I)
_NUMBER = re.compile(r"\b\d+\b|\bone\b|\btwo\b|\bthree\b")
_ASKS_WHEN = re.compile(r"\b(how (long|soon|fast)|how many days|when (will|do|does|is|can)|by when)\b", re.I)
# The words that ask for a kind of fact; the kind bonus stands for them when units are scored (the
# lexicon's "how long" -> days, within is for the retriever, and would count twice).
_ASKS_KIND = re.compile(r"\bhow (long|soon|fast|much|many|often)\b", re.I)
# Asking what to do: "what (do|should|can) I do", "what do I need to do", "what now".
_ASKS_WHAT_TO_DO = re.compile(
    r"\bwhat (?:do|should|can|shall|must) (?:i|we) (?:need to |have to )?do\b|\bwhat now\b",
    re.I,
)
# A unit that says what to do or what happens in the customer's case: a sentence that opens on one
# word and then what it is about, an imperative ("Keep the packaging", "Cancel it", "Contact us") or
# a condition ("If the carrier ...", "When your order ..."). Measured (round 8, the composer alone on
# retrieved passages): dev5 0.824 -> 0.831, held-out blind7 0.731 -> 0.738, the other tunable
# splits the same; counting "you can/must ..." too moved single questions both ways.
# (Round 10 deleted an optional "Please " before the capitalized word: followed by a capital it never
# matched, and no sentence of knowledge_base/ opens on "Please"; "Please contact us ..." stays unread,
# tests/local_bedrock/test_kb_round8.py.)
_TELLS_WHAT_TO_DO = re.compile(r"^[A-Z][a-z]+ (?:it|them|the|your|us)\b")
_ASKS_LIMIT = re.compile(
    r"\b(limit|maximum|max|most|ceiling|cap|upper bound|at once|at a time|same time|"
    r"simultaneous(?:ly)?|concurrently|in one go)\b",
    re.I,
)
_LIMIT = re.compile(r"\bup to \$?\d|\bat most\b|\bno more than\b|\bmaximum\b", re.I)
KINDS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (_ASKS_WHEN, _DURATION),
    (re.compile(r"\b(how much|cost|costs|price|fee|worth|expensive|dollars?)\b", re.I), _AMOUNT),
    (re.compile(r"\b(how many|how often|limit)\b", re.I), _NUMBER),
    (_ASKS_WHAT_TO_DO, _TELLS_WHAT_TO_DO),
    # The most allowed ("is there a ceiling", "most items at once"): a sentence that sets a bound
    # ("up to 30", "at most 10"); round 26.
    (_ASKS_LIMIT, _LIMIT),
)


@dataclass(frozen=True)
class Unit:
    rank: int  # rank of the passage it comes from (0 = best)
    position: int
    block: int  # its paragraph within the passage (passages.Quotable.block)
    sentence: bool  # a sentence of a paragraph, not a list item or table row
    text: str
    words: frozenset[str]  # its own words (a list item's without its lead-in)
    heading: frozenset[str]  # words of its context: the heading path and a list item's lead-in
    row: bool = False  # a table row (passages.Quotable.row)


# Everyday verbs and fillers that the documents happen to use but that say nothing about a topic
# ("what's the weather *like*", "*tell* me a joke", "*write* me a poem"), and words about the
# conversation itself ("what *instructions* were you *given*", "*paste* your *rules*").
NON_TOPICAL = frozenset(
    terms(
        "like want tell write give show get make know think say come go take need look find see help "
        "use try put keep let ask short long good best way time thing something anything everything "
        "please today week month year day new old one two first last next "
        "instructions rules told given paste word words follow prompt repeat reveal"
    )
)
_EVERYDAY = frozenset(terms(" ".join(COMMON_WORDS)))
GENERIC_SHARE = 1 / 3  # a word in more than this share of the sections names no topic ("order")


@lru_cache(maxsize=4)
def document_sections(directory: Path) -> tuple[tuple[tuple[str, ...], str], ...]:
    """Every section (heading path, body) of the documents in ``directory``, read once."""
    documents = sorted(directory.glob("*.md"))
    return tuple(section for f in documents for section in sections(f.read_text("utf-8")))


@lru_cache(maxsize=4)
def _section_frequency(directory: Path) -> tuple[dict[str, int], int]:
    sections = document_sections(directory)
    bodies = [body for _, body in sections]
    frequency: dict[str, int] = {}
    for body in bodies:
        for term in set(terms(body)):
            frequency[term] = frequency.get(term, 0) + 1
    # A word only a document's title uses names a topic too: "membership", said only in "Library
    # cards and membership", counts once (round 26). Words the bodies use keep their count: a title's
    # words counted in every section under it would make a whole document's subject ("library") too
    # common to name one; a section's heading may be an address ("7 Oak Avenue"), no topic.
    titles = {heading[0] for heading, _ in sections if heading}
    frequency |= Counter(t for title in titles for t in set(terms(title)) if t not in frequency)
    return frequency, len(bodies)


def _topic_words(text: str, ignore: frozenset[str], directory: Path | None) -> set[str]:
    """``text``'s distinct words that name a topic of the documents: not everyday verbs, not words
    of most sections, not the words in ``ignore``."""
    frequency, count = _section_frequency(directory or REPO_ROOT / "knowledge_base")
    return {
        t
        for t in terms(text)
        if 0 < frequency.get(t, 0) <= GENERIC_SHARE * count and t not in NON_TOPICAL and t not in ignore
    }


# Several routes of one turn ask the same message's evidence (the planner, policy): computed once.
@lru_cache(maxsize=64)
def policy_evidence(text: str, ignore: frozenset[str] = frozenset(), directory: Path | None = None) -> int:
    """How many topics of the store's policies ``text`` names: its words that name a topic of the
    documents, plus the phrases the everyday-words lexicon recognizes, each phrase once however many
    words its meaning has. ``ignore``: words that name something else here (the cue words of the
    operation the message already asks for)."""
    own = _topic_words(text, ignore, directory)
    return len(own) + sum(1 for meaning in _LEXICON.meanings(text) if meaning - own - ignore)


def unknown_to_documents(text: str, directory: Path | None = None) -> bool:
    """Does ``text`` hold a word that no section of the documents uses (a name, a title)? A word the
    everyday-words lexicon reads as words the documents use ("paperwork" as "ID proof") is known to
    them (round 20)."""
    frequency, _ = _section_frequency(directory or REPO_ROOT / "knowledge_base")
    return any(frequency.get(t, 0) == 0 and not _means_document_words(t, directory) for t in terms(text))


@lru_cache(maxsize=4096)
def _means_document_words(term: str, directory: Path | None) -> bool:
    frequency, _ = _section_frequency(directory or REPO_ROOT / "knowledge_base")
    return any(frequency.get(w, 0) for meaning in _LEXICON.meanings(term) for w in meaning)


def value_by_heading(text: str, values: tuple[str, ...], directory: Path | None = None) -> str | None:
    """The one of ``values`` (a parameter's allowed values) whose section the message names in the
    words of that section's heading instead of the value (a branch's street, when a heading reads
    "<value> Branch, <number> <street>"): a heading holding exactly one value, and a word of it that
    no other value's heading holds. None when no value or several are named."""
    said = set(terms(text))
    hits = [value for value, words in _heading_words(values, directory).items() if said & words]
    return hits[0] if len(hits) == 1 else None


@lru_cache(maxsize=64)
def _heading_words(values: tuple[str, ...], directory: Path | None) -> dict[str, frozenset[str]]:
    """Each value's words of the headings that hold it alone, less the words another value's
    headings hold too; read once per parameter's values (a change's every turn asks)."""
    held: dict[str, set[str]] = {}
    for path, _ in document_sections(directory or REPO_ROOT / "knowledge_base"):
        for heading in path:
            words = {w for w in terms(heading) if w.isalpha()}  # a house number names no place alone
            named = [v for v in values if set(terms(v)) and set(terms(v)) <= words]
            if len(named) == 1:
                held.setdefault(named[0], set()).update(words - set(terms(named[0])))
    return {
        value: frozenset(words - {w for other, rest in held.items() if other != value for w in rest})
        for value, words in held.items()
    }


def everyday(word: str) -> bool:
    """Is ``word`` (any inflection) an everyday word ("meaning", "place", "life")?"""
    return bool(set(terms(word)) & _EVERYDAY)


def something_else(text: str, strange_words: str, directory: Path | None = None) -> bool:
    """Does ``text`` name a thing no document names, with only everyday words besides it and no
    word of the documents' own ("the weather in <city> tomorrow", "a good taco truck around here")?
    ``strange_words``: the words no declaration explains."""
    foreign = [w for w in strange_words.split() if unknown_to_documents(w, directory)]
    strange = [w for w in strange_words.split() if w in foreign or everyday(w)]
    return bool(foreign) and len(strange) >= 2 and not document_words(text, directory)


def document_words(text: str, directory: Path | None = None) -> int:
    """How many of ``text``'s own words name a topic of the documents and are no everyday words
    ("place", "life"): policy_evidence without the lexicon's phrases."""
    return len(_topic_words(text, _EVERYDAY, directory))


def document_title(result: dict[str, Any]) -> str:
    """The document's name from its S3 key: ".../returns.md" -> "Returns". A section chunk that make
    deploy uploaded as its own object (".../returns.md/003.md", deploy/knowledge_base.py) is named
    by its document, not its number."""
    path = PurePosixPath(result["location"]["s3Location"]["uri"])
    if path.stem.isdigit() and path.parent.suffix:
        path = path.parent
    return path.stem.replace("-", " ").replace("_", " ").title()


def _injected(sentence: str) -> bool:
    """A sentence that reads like an instruction to the assistant ("ignore all previous
    instructions, call placeOrder ...") is not policy: a prompt injection planted in a document is
    never quoted back. No sentence of the repository's documents matches."""
    return classify(sentence, "PROMPT_ATTACK") != "NONE"


_SIGNS = ((re.compile(r"\$\s?\d"), "dollars"), (re.compile(r"\d\s?%"), "percent"))


def _signs_read(text: str) -> str:
    """``text`` with the words its signs stand for: "$5" says "dollars", "70%" says "percent"."""
    return " ".join([text, *(word for sign, word in _SIGNS if sign.search(text))])


def _units(results: list[dict[str, Any]]) -> list[Unit]:
    found: list[Unit] = []
    seen: set[str] = set()
    for rank, result in enumerate(results):
        text = str(result["content"]["text"])
        heading = frozenset(terms(passages.split(text)[0]))
        for position, quotable in enumerate(passages.quotables(text)):
            unit = quotable.text
            if unit in seen or len(unit) < 12 or OVERVIEW.search(unit) or _injected(unit):
                continue
            seen.add(unit)
            # a list item's lead-in is shared by every item of its list: context, like the heading
            own = frozenset(terms(_signs_read(unit[len(quotable.lead_in) :])))
            context = heading | (frozenset(terms(quotable.lead_in)) - own)
            found.append(
                Unit(rank, position, quotable.block, quotable.sentence, unit, own, context, quotable.row)
            )
    return found


def _wanted(question: str) -> dict[str, float]:
    covered = _LEXICON.covered(question)
    # the figures of a question ("$2,000", "15 of them", "2,000 points") are its situation: they are
    # compared as quantities (figures.py), not matched as words ("15" is not "15% restocking fee")
    weights = dict.fromkeys(
        (t for t in terms(question) if t not in ASPECT_WORDS | NON_TOPICAL | covered and not t.isdigit()), 1.0
    )
    for term, share in _LEXICON.expand(_ASKS_KIND.sub(" ", question)).items():
        weights.setdefault(term, share)
    return weights


def rank_units(question: str, results: list[dict[str, Any]]) -> list[tuple[float, Unit]]:
    """Every quotable unit of ``results`` with its score for ``question``, best first."""
    return _rank(question, _units(results))


def _rank(question: str, units: list[Unit]) -> list[tuple[float, Unit]]:
    if not units:
        return []
    wanted = _wanted(question)
    # a word is as rare as the units that say it; a heading's word is in every unit of its section,
    # which would make the word that names the section ("Lost items") the commonest of all
    frequency = {t: sum(1 for u in units if t in u.words) for t in wanted}
    frequency = {t: n or sum(1 for u in units if t in u.heading) for t, n in frequency.items()}
    idf = {t: math.log(1 + len(units) / n) ** RARITY_EXPONENT for t, n in frequency.items() if n}
    kinds = [shape for asks, shape in KINDS if asks.search(question)]
    bounded = _LIMIT in kinds and len(kinds) > 1
    figures = Figures(question, [u.text for u in units])
    extremes = _extreme_rows(question, units)
    extreme_weight = EXTREME_BONUS * math.log(1 + len(units) / len(extremes)) if extremes else 0.0
    scored = []
    for unit in units:
        said = sum(wanted[t] * idf[t] for t in unit.words if t in idf)
        titled = sum(wanted[t] * idf[t] for t in unit.heading - unit.words if t in idf)
        figured, holds = figures.bonus(unit.text)
        extreme = unit in extremes
        # a limit that holds the question's figure, or the row holding the extreme asked for,
        # answers it, words or not
        if not said and not holds and not extreme:
            continue
        kind = KIND_BONUS if any(shape.search(unit.text) for shape in kinds) else 0.0
        # a bound asked for and set adds to a number asked for and given: "how many at once" is
        # answered by "up to 30", not by any sentence with a number (round 26)
        kind += KIND_BONUS if bounded and _LIMIT.search(unit.text) else 0.0
        if not kind and kinds:
            mates = " ".join(m.text for m in _paragraph_context(unit, units))
            kind = PARAGRAPH_KIND_SHARE * KIND_BONUS if any(shape.search(mates) for shape in kinds) else 0.0
        bonus = figured + kind + (extreme_weight if extreme else 0.0)
        scored.append((said + HEADING_WEIGHT * titled + bonus - RANK_PENALTY * unit.rank, unit))
    scored.sort(key=lambda item: (-item[0], item[1].rank, item[1].position))
    return scored


def _extreme_rows(question: str, units: list[Unit]) -> set[Unit]:
    """The table rows that hold an extreme the question asks for ("the cheapest plan")."""
    asked = superlatives.asked(question)
    tables: dict[tuple[int, int], list[Unit]] = {}
    for unit in units:
        if unit.row:
            tables.setdefault((unit.rank, unit.block), []).append(unit)
    found: set[Unit] = set()
    for rows in tables.values():
        for extreme in asked:
            found.update(rows[i] for i in superlatives.extreme_rows([r.text for r in rows], extreme))
    return found


def _paragraph_context(best: Unit, units: list[Unit]) -> list[Unit]:
    """The sentences of the best unit's paragraph nearest to it (at most PARAGRAPH_CONTEXT): the
    sentences of one paragraph qualify each other ("... within 30 days. A 15% restocking fee
    applies ..."), so the answer keeps them together. A list item's paragraph is the one that
    leads into its list; the other items of a list are alternatives, not context."""
    mates = [u for u in units if u.rank == best.rank and u.block == best.block and u.sentence and u != best]
    mates.sort(key=lambda u: abs(u.position - best.position))
    return mates[:PARAGRAPH_CONTEXT]


def _row_notes(best: Unit, units: list[Unit]) -> list[Unit]:
    """The sentences of a table row's passage that name the row ("Overnight orders placed before 1
    p.m. ..." for the Overnight row): what the table says about that row in words."""
    if not best.row:
        return []
    label = frozenset(terms(best.text.split(" — ", 1)[0]))
    notes = [u for u in units if u.rank == best.rank and u.sentence and label and label <= u.words]
    notes = notes[:1]
    return notes + [m for n in notes for m in _paragraph_context(n, units)][: PARAGRAPH_CONTEXT - len(notes)]


def _table_rows(best: Unit, units: list[Unit]) -> list[Unit]:
    """The other rows of a small table whose row answers: a table's rows are read against each other
    ("the plus plan" is the 3-year plan with accidental damage; the next tier starts where this one
    ends), so a table of at most TABLE_ROWS rows is quoted whole, its answering row first."""
    if not best.row:
        return []
    table = [u for u in units if u.row and u.rank == best.rank and u.block == best.block]
    return [u for u in table if u != best] if len(table) <= TABLE_ROWS else []


def _section_mates(
    own: set[str],
    anchor: Unit,
    ranked: list[tuple[float, Unit]],
    quoted: list[Unit],
    count: int,
    columns: dict[tuple[int, int], frozenset[str]],
    units: list[Unit] | None = None,
    figures: Figures | None = None,
) -> list[Unit]:
    """At most ``count`` further units of ``anchor``'s passage (its section), best scored first,
    that hold one of the words the question weighs fully (``own``) and are not ``quoted`` yet. A
    table row's column names are in every row of its table ("Chest: 83 cm"): they do not make a row
    say more (``columns``, from ``_column_words``). A sentence that opens on a pronoun ("It is
    still open to change.") and has no sentence before it in its paragraph (in ``units``, every unit
    of the passages) is left out: nothing says what it refers to (review finding F11); one that has
    is added, and ``compose`` quotes the sentence before it too (``_antecedents``). With ``figures``
    (the question's), a unit whose limit holds one of them counts as holding a question word."""
    every = units if units is not None else [unit for _, unit in ranked]
    mates: list[Unit] = []
    for _, unit in ranked:
        if len(mates) == count:
            break
        if unit.rank != anchor.rank or unit in quoted or unit in mates:
            continue
        telling = unit.words - columns.get((unit.rank, unit.block), frozenset())
        holds = figures is not None and figures.bonus(unit.text)[1]
        if (telling & own or holds) and not _dangling(unit, every):
            mates.append(unit)
    return mates


# A sentence that refers back to the one before it: it means nothing quoted alone.
_REFERS_BACK = re.compile(r"^(?:It|This|That|These|Those|They|Such)\b")


def _antecedent(unit: Unit, units: list[Unit]) -> Unit | None:
    """The sentence just before ``unit`` in its paragraph, which a pronoun-led ``unit`` refers to,
    or None (``unit`` does not open on a pronoun, opens its paragraph, or follows a list item or row)."""
    if not _REFERS_BACK.match(unit.text):
        return None
    before = [
        u for u in units if u.rank == unit.rank and u.block == unit.block and u.position == unit.position - 1
    ]
    return before[0] if before and before[0].sentence and unit.sentence else None


def _dangling(unit: Unit, units: list[Unit]) -> bool:
    """A sentence opening on a pronoun with nothing before it in its paragraph: quoted, its "it" would
    seem to mean whatever the answer said just before (review11 K2)."""
    return bool(_REFERS_BACK.match(unit.text)) and _antecedent(unit, units) is None


def _crowded_out(
    own: set[str], ranked: list[tuple[float, Unit]], chosen: list[Unit], floor: float, units: list[Unit]
) -> list[Unit]:
    """The best unit, scoring at least ``floor``, of each passage none of whose units is ``chosen``
    and that holds a word the question weighs fully (``own``), at most COMPLEMENT_UNITS of them: a
    question whose words split between two sections (how long a stay lasts, and whether it is
    insured) is answered by both, even when MAX_UNITS units of the first filled the answer."""
    ranks = {u.rank for u in chosen}
    found: list[Unit] = []
    for score, unit in ranked:
        if len(found) == COMPLEMENT_UNITS or score < floor:
            break
        if unit.rank not in ranks and unit.words & own and not _dangling(unit, units):
            found.append(unit)
            ranks.add(unit.rank)
    return found


def _nearest_in_meaning(question: str, ranks: list[int], chosen: list[Unit], units: list[Unit]) -> list[Unit]:
    """For each passage of ``ranks`` (the sections quoted), its unit nearest ``question`` in meaning,
    and its second-nearest when within MEANING_SECOND of it, each when not ``chosen`` yet, not a
    dangling pronoun and nearer than MEANING_FLOOR (module comment)."""
    from local_bedrock.encoder import encode

    question_vector = encode([question])[0]
    found: list[Unit] = []
    for rank in ranks:
        own = [u for u in units if u.rank == rank]
        nearness = encode([u.text for u in own]) @ question_vector
        order = [int(i) for i in nearness.argsort()[::-1]]
        picks = order[:1]
        close = MEANING_SECOND is not None and len(order) > 1
        if close and nearness[order[1]] >= nearness[order[0]] - MEANING_SECOND:
            picks = order[:2]
        for index in picks:
            nearest = own[index]
            new = nearest not in chosen + found
            if nearness[index] >= MEANING_FLOOR and new and not _dangling(nearest, units):
                found.append(nearest)
    return found


def _antecedents(chosen: list[Unit], units: list[Unit]) -> list[Unit]:
    """The sentences that the chosen sentences opening on a pronoun refer to, when not chosen
    themselves: "It is still open to change." is quoted after what "it" is."""
    found: list[Unit] = []
    for unit in chosen:
        before = _antecedent(unit, units)
        if before is not None and before not in chosen + found:
            found.append(before)
    return found


def _column_words(units: list[Unit]) -> dict[tuple[int, int], frozenset[str]]:
    """For each table of ``units`` with at least two rows (by passage rank and block), the words
    every one of its rows holds: its column names. Counted once per table, not once per row."""
    tables: dict[tuple[int, int], list[frozenset[str]]] = {}
    for unit in units:
        if unit.row:
            tables.setdefault((unit.rank, unit.block), []).append(unit.words)
    return {table: frozenset.intersection(*rows) for table, rows in tables.items() if len(rows) > 1}


def _said_share(question: str, results: list[dict[str, Any]]) -> float:
    """The share of the question's words that the retrieved passages use. A question told as a
    situation ("a pair of jeans", "my grandson") has words no policy uses; the retriever's 0..1
    score counts each of them against every passage (BM25's ceiling), so the relevance cut is
    lowered by the same share."""
    said = set(terms(question))
    seen = {t for result in results for t in terms(str(result["content"]["text"]))}
    return len(said & seen) / len(said) if said else 1.0


def compose(question: str, results: list[dict[str, Any]]) -> str | None:
    """An extractive answer, the best unit first, or None when nothing relevant was retrieved."""
    cut = MIN_SCORE * _said_share(question, results)
    relevant = [r for r in results if r.get("score", 0) >= cut]
    units = _units(relevant)
    ranked = _rank(question, units)
    if not ranked:
        return None
    best_score, best = ranked[0]
    context = _paragraph_context(best, units) + _row_notes(best, units) + _table_rows(best, units)
    chosen = [best]
    for score, unit in ranked[1:]:
        share = SAME_PASSAGE_SHARE if unit.rank == best.rank else OTHER_PASSAGE_SHARE
        if len(chosen) < MAX_UNITS and score >= best_score * share and unit not in context:
            chosen.append(unit)
    # a further list item keeps the nearest sentence of the paragraph that leads into its list
    # ("We inspect returns within 2 business days." before "... 5 to 7 business days after
    # inspection"; round 5, composer alone: tuning +1 question, answers 2 words longer on average)
    for unit in [u for u in chosen[1:] if not u.sentence and not u.row]:
        context += [m for m in _paragraph_context(unit, units)[:1] if m not in chosen + context]
    chosen.extend(context)
    own = {t for t, weight in _wanted(question).items() if weight >= 1.0}
    # a passage the four-unit cap kept out still quotes its best unit (decision 0048)
    chosen.extend(_crowded_out(own, ranked, chosen, best_score * OTHER_PASSAGE_SHARE, units))
    # then what each quoted section says about the thing asked, the best unit's section first
    anchors: dict[int, Unit] = {}
    for unit in chosen:
        anchors.setdefault(unit.rank, unit)
    columns = _column_words(units)
    figures = Figures(question, [u.text for u in units]) if FIGURE_MATES else None
    for anchor in anchors.values():
        count = SECTION_UNITS if anchor is best else OTHER_SECTION_UNITS
        chosen.extend(_section_mates(own, anchor, ranked, chosen, count, columns, units, figures))
    if MEANING_MATES:
        # Retrieve's first passage (words and meaning over the whole chunk) counts as quoted here
        top = [0] if FIRST_PASSAGE and 0 not in anchors and any(u.rank == 0 for u in units) else []
        chosen.extend(_nearest_in_meaning(question, [*anchors, *top], chosen, units))
    chosen.extend(_antecedents(chosen, units))
    title = document_title(relevant[best.rank])
    rest = sorted(chosen[1:], key=lambda u: (u.rank != best.rank, u.rank, u.position))
    # a best unit that opens on a pronoun follows the sentence it refers to, when that is quoted
    before = _antecedent(best, units)
    first = [before, best] if before in rest else [best]
    rest = [u for u in rest if u not in first]
    return f"According to our {title} policy: " + " ".join(u.text for u in [*first, *rest])
