"""General English the planner brings to any agent: groups of words and phrases that mean the same
kind of action or thing, and irregular verb forms. Nothing here names an agent, an operation or a
domain's data; the agent's own declarations (operation ids, summaries, descriptions, parameters,
instruction) say which of these words matter for it (intents.py).

A message's words are expanded through these groups, so "call off" meets an operation whose id
says "cancel", and "look for" meets one whose description says "find" or "search".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache

from local_bedrock.planner.per_message import per_message
from textnorm import terms

# Each group: words and phrases that, in a request to an assistant, stand for one another.
GROUPS: tuple[tuple[str, ...], ...] = (
    (
        "buy",
        "purchase",
        "order",
        "get me",
        "grab me",
        "ring up",
        "acquire",
        "i need",
        "i want",
        "i would like",
        "can i have",
        "i will take",
        "i will have",
        "i will go with",
        "let us go with",
        "we will go with",
        "on order",
        "haul",  # what one bought, all together ("my august shopping haul", round 26)
    ),
    (
        "cancel",
        "call off",
        "scrap",
        "revoke",
        "withdraw",
        "undo",
        "abort",
        "kill",
        "nix",
        "scrub",
        "void",
        "drop",
        "stop",
        "halt",
        "terminate",
        "get rid of",
        "do not want",
        "no longer want",
        "no longer need",
        "no longer require",
        "changed my mind",
        # Round 16: everyday verbs for calling a thing off.
        "axe",
        "ditch",
        "scratch",
        "rescind",
        "retract",
        "back out",
        "want out",
        # Round 22: the abbreviations of business English.
        "cxl",
        "canx",
    ),
    (
        "search",
        "find",
        "look for",
        "look up",
        "i am after",
        "seek",
        "hunt",
        "browse",
        "carry",
        "sell",
        "flog",  # British English for "sell" (round 20)
        "stock",
        "offer",
        "available",
        "do you have",
        "have you got",
        "you have got",  # "the best kettle you've got" (round 28; "you've got my ...": language.py)
        "got any",
        "in stock",
        "for sale",
        "on sale",
        "is it in",
    ),
    (
        "recommend",
        "suggest",
        "suggestion",
        "recs",  # the chat abbreviation (round 20)
        "upsell",  # support staff's word for what to suggest a customer buys next (round 26)
        "reckon i would like",
        "think i would like",
        "advise",
        "advice",
        "idea",
        "tip",
        "inspiration",
        "enjoy",
        "personalized",
        "tailored",
        "surprise me",
        "people like me",
        "shoppers like me",
        "customers like me",
        "readers like me",
        "might like",
        "might i like",
        "may like",
        "would i like",
        "top picks",
        "picks for me",
        "suit me",
        "go well with",
        "based on my",
        "what else should",
        "what else could i",
        "what else would",
        "be interested in",
        "might like",
        "might enjoy",
        "probably like",
        "probably enjoy",
        "worth trying",
        "worth a try",
        # what to buy next, asked of the user or of a customer (round 28)
        "should buy next",
        "should get next",
        "to buy next",
        "to get next",
    ),
    (
        "status",
        "track",
        "tracking",
        "progress",
        "where",
        "whereabouts",
        "ship",
        "shipped",
        "deliver",
        "delivery",
        "dispatch",
        "sent",
        "arrive",
        "arrival",
        "on its way",
        "turn up",
        "news",
        "go out",
        "left the warehouse",
        "any update",
        "still coming",
        "courier",
        "carrier",
        "in transit",
        "en route",
        "show up",
    ),
    (
        "detail",
        "content",
        "contain",
        "inside",
        "breakdown",
        "break down",
        "itemise",
        "itemize",
        "line item",
        "receipt",
        "what was in",
        "what is in",
        "what came in",
        # round 25: chat slang and a formal word for the same
        "deets",
        "particulars",
    ),
    ("history", "past", "previous", "earlier", "recent", "recently", "lately", "latest", "newest", "so far"),
    ("renew", "extend", "extension", "prolong", "more time", "longer", "postpone", "push back", "extra time"),
    (
        "reserve",
        "hold",
        "save",
        "put aside",
        "set aside",
        "keep for",
        "keep it for",
        "put me down",
        "my name down",
        "book",
        "on hold",
        "queue for",
        "in line for",
        "waiting list",
        # Round 17: the thesaurus's nouns and verbs of reserving ("a reservation on", "waitlist me",
        # "earmark it for me").
        "reservation",
        "waitlist",
        "wait list",
        "earmark",
    ),
    ("borrow", "loan", "check out", "checked out", "take out", "get out", "lend", "rent"),
    # Not "due": "when is it due" asks for a date, "the amount due" is rarer.
    ("owe", "fine", "fee", "charge", "penalty", "balance", "debt", "outstanding", "unpaid", "arrears"),
    ("price", "cost", "how much", "expensive", "cheap", "pay"),
    ("return", "send back", "give back", "bring back", "go back", "take back"),
    # Round 19: when a thing has to "be back" or "go back by" is when it is due.
    ("due", "be back", "go back", "come back", "back by"),
    ("change", "modify", "update", "edit", "switch", "swap", "amend"),
    ("delete", "remove", "erase", "get rid of"),
    ("disable", "deactivate", "turn off", "switch off", "shut off", "opt out", "unsubscribe"),
    ("show", "list", "display", "see", "view", "pull up", "give"),
    ("refund", "reimburse", "money back", "credit back"),
    ("product", "item", "thing", "stuff", "article"),
    # Likeness to the user ("people like me", "tastes like mine", "the same things as me").
    ("similar", "like me", "like mine", "same as me", "same as mine", "alike"),
    ("author", "writer", "wrote", "written"),
    ("customer", "client", "member", "user", "account holder"),
    ("catalog", "catalogue", "collection", "selection", "range", "inventory", "shelves"),
)
# States a thing can be in, each with the everyday words for it: a value an operation declares
# ("one of: current, overdue, returned") is also said in these words ("anything late?", "what did I
# bring back"). Kept apart from GROUPS: "book" stands for "reserve" as a verb, but a message saying
# "reserve" does not name the format "book".
STATES: tuple[tuple[str, ...], ...] = (
    (
        "overdue",
        "late",
        "past due",
        "behind",
        # "past its due date", "past the return date"
        "past its due",
        "past the due",
        "past its return",
        "past the return",
    ),
    ("returned", "bring back", "give back", "hand back", "send back", "take back", "hand in", "drop off"),
    ("current", "currently", "right now", "at the moment", "at present", "still have"),
    ("cancelled", "canceled", "called off"),
    ("delivered", "arrived", "received"),
    # Formats, said the way people say them ("paperbacks?", "on audio", "a digital copy").
    (
        "book",
        "paperback",
        "hardback",
        "hardcover",
        "paper copy",
        "print copy",
        "printed copy",
        "printed",
        "print edition",
        "physical copy",
    ),
    (
        "audiobook",
        "audio book",
        "audio",
        "on audio",
        "audio version",
        "audio edition",
        "spoken version",
        "spoken word",
    ),
    ("ebook", "e-book", "e book", "digital copy", "digital version", "kindle", "electronic copy"),
    ("dvd", "film", "movie", "disc", "blu-ray"),  # round 22
)
# Words that ask to change something (not to look something up): asked of an agent that declares
# no such action, they get a plain "I can't do that here".
CHANGE_WORDS = frozenset(
    "cancel refund reimburse modify update edit change switch swap amend delete remove erase renew extend "
    "reserve return buy purchase order pay settle disable deactivate unsubscribe".split()
)
# Requests for work no assistant of this kind does for a user ("compose a song for me"): declined unless
# an operation of the agent declares the verb.
CREATIVE_VERBS = frozenset(
    "write sing draw compose translate solve calculate paint code rhyme draft summarize summarise rewrite "
    "proofread".split()
)
# Past forms that stemming does not bring home ("bought" -> "buy").
IRREGULAR = {
    "bought": "buy", "got": "get", "gotten": "get", "took": "take", "taken": "take", "sent": "send",
    "came": "come", "gave": "give", "given": "give", "sold": "sell", "paid": "pay", "lent": "lend",
    "kept": "keep", "found": "find", "saw": "see", "seen": "see", "brought": "bring", "made": "make",
    "held": "hold", "gone": "go", "went": "go",
}  # fmt: skip
PAST = re.compile(
    r"\b(did (i|you|we|they|he|she)|have (i|we) (ever )?\w+ed|(i|we|they|he|she) (have |has |had )?"
    r"(bought|got|ordered|purchased|borrowed|returned|paid|took|rented)|what \w+ (did|have) (i|we))\b"
)


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    # Inflected words: "looking for", "called off", "checks out". Messages are matched in their base
    # forms ("got" reads "get"), so the phrases are too ("have you got").
    phrase = base_forms(phrase)
    words = [re.escape(w) + r"(?:s|es|ed|d|ing)?" for w in phrase.split()]
    # "I want (you) to delete ...": the verb after "to" is the action, not the wanting; "what I'd
    # like most", "something I'd like?" tell a taste, not an order.
    last = phrase.rsplit(maxsplit=1)[-1]
    wanting = (
        r"(?!\s+(?:you\s+|u\s+)?to\b)(?!\s+(?:based|best|most|more|better)\b)(?!\s*(?:[?.!,]|$))"
        if last in ("want", "need", "like") and phrase.startswith("i ")
        else ""
    )
    if last == "need":
        # "I need a new pillow" tells a need, to be searched for; "I need 2 of X" orders.
        wanting += r"(?!\s+(?:a|an|some|new|something|anything)\b)"
    return re.compile(r"\b" + r"\s+".join(words) + r"\b" + wanting)


NOTHING = r"(?!)"  # a pattern that matches nowhere


def _any_of(phrases: Iterable[str]) -> re.Pattern[str]:
    """One search for the phrases of a group: the alternation of their patterns matches where one of
    them does (none of them holds a flag or a numbered group)."""
    return re.compile("|".join(f"(?:{_phrase_pattern(p).pattern})" for p in phrases) or NOTHING)


@cache
def _compiled() -> tuple[re.Pattern[str], ...]:
    """Each group's search for any of its words and phrases, and its phrasal verbs written as one
    word ("checkouts" of "check out")."""
    joined = joined_phrases()
    return tuple(_any_of([*group, *(j for j, p in joined.items() if p in group)]) for group in GROUPS)


@cache
def _phrases() -> tuple[re.Pattern[str], ...]:
    """Each group's search for its phrases of several words ("call off", "more time"), which are
    verbs wherever."""
    return tuple(_any_of(p for p in group if " " in p) for group in GROUPS)


# A verb's particle ("turn *off*", "opt *out*"), and the words after a phrasal verb that show it has
# no object ("... goes back when", "... have to go back?").
_PARTICLE = re.compile(r"[a-z]+ (?:off|out|back|away|down|up)$")
_NO_OBJECT = re.compile(
    r"(?:[,.;:!?]|$| (?:when|where|why|how|what|which|who|if|and|or|but|please|now|today)\b)"
)


# Where no request's verb stands: after "need to", "have to" (the user's own duty) or "I can", "we
# must" (what the user may or must do): "the last day I need to bring back ..." asks no one to do it
# (review15).
_NOT_REQUEST = re.compile(
    r"(?:\b(?:need|needs|have|has|had|got) to|\b(?:i|we|they|he|she|one) (?:can|could|may|might|must|should|"
    r"will|would|did))\s*$"
)


def _told_past(said: str, phrase: str) -> bool:
    """Is the phrasal verb said in a past form ("I switched off the router"): a story of what was
    done, not a request (review15)?"""
    verb, base = said.split(maxsplit=1)[0], phrase.split(maxsplit=1)[0]
    return verb != base and verb.endswith("d")


def phrase_heads(text: str) -> list[str]:
    """The first word of each group one of whose phrasal verbs (a verb and its particle) ``text``
    says before the verb's object ("turn off <a feature>" -> "disable"): the action asked for. Not
    after a duty or a modal of the user's own, nor in a past form: those ask no one to act."""
    lowered = text.lower()
    heads = []
    for group in GROUPS:
        for phrase in (p for p in group if _PARTICLE.fullmatch(p)):
            said = (
                m
                for m in _phrase_pattern(phrase).finditer(lowered)
                if not _NOT_REQUEST.search(lowered[: m.start()]) and not _told_past(m.group(0), phrase)
            )
            if any(not _NO_OBJECT.match(lowered, m.end()) for m in said):
                heads.append(group[0])
                break
    return heads


def phrase_words(text: str) -> set[str]:
    """The words of the groups' phrases of three words or more that ``text`` says ("keep it for us",
    "put me down"): idioms, which say what to do and name no thing to look for. A two-word phrase's
    words may still name what is looked for ("looking for the parking": the search finds nothing and
    the documents answer)."""
    lowered = base_forms(text.lower())
    found = (m.group(0) for pattern in _phrases() for m in pattern.finditer(lowered))
    said = {w for phrase in found if len(_WORDS.findall(phrase)) >= 3 for w in _WORDS.findall(phrase)}
    # A phrasal verb around its object ("put <a title> aside") says what to do with the object.
    pairs = _pairs()
    return said | {
        w
        for m in _separated().finditer(text.lower())
        if (m.group(1), m.group(3)) in pairs
        for w in (m.group(1), m.group(3))
    }


# Asking for more time in other words: "another two weeks on X" is "more time on X", and "keep X a
# bit longer" is "extend X".
_MORE_TIME = re.compile(
    r"\b(?:another|extra|more|additional|further) (?:[a-z0-9]+ ){0,2}?(?:days?|weeks?|fortnight|months?)\b"
    # "a fortnight more", "two weeks extra": the amount said first (round 16).
    r"|\b(?:a|an|one|two|three|four|few|couple|[0-9]+) (?:days?|weeks?|fortnight|months?) (?:more|extra)\b"
)
# "keep X a bit longer", "can I have it for longer", "I need X a little longer": to extend X.
_KEEP_LONGER = re.compile(
    r"\b(?:keep|have|need|stay)\b(?=(?: [a-z0-9'-]+){0,6}? (?:a (?:bit|little|while) |for |any )?longer\b)"
    # A time stretched or moved on ("stretch out my loan", "move my deadline later", "make my loan
    # longer"; round 22).
    r"|\bstretch(?:ed|ing)? out\b|\bmove (?:[a-z'-]+ ){0,6}?later\b|\bmake (?:[a-z'-]+ ){0,4}?longer\b"
)


# Likeness said at length: "the same sort of things as me" is "similar".
_ALIKE = re.compile(r"\bthe same (?:[a-z]+ ){1,3}as (?:me|mine|i do|we do|us|ours)\b")


# Adverbs that only stress ("what *exactly* was in it"): phrases read through them.
_FILLER = re.compile(r"\b(?:exactly|precisely|actually|really) ")


# The particles of English phrasal verbs, which may follow the verb's object ("put <it> aside", "push
# <the date> back", "call <it> off"): general grammar, the verbs come from the groups' phrases.
PHRASAL_PARTICLES = frozenset("aside back out off up down away over".split())


@cache
def _pairs() -> frozenset[tuple[str, ...]]:
    """The groups' two-word phrases, as pairs of words."""
    return frozenset(tuple(p.split()) for group in GROUPS for p in group if len(p.split()) == 2)


@cache
def _separated() -> re.Pattern[str]:
    """A phrasal verb of the groups with up to six words of its object between verb and particle (a
    title of several words with its format: "put <five words> dvd aside"; four until round 24)."""
    pairs = {pair for pair in _pairs() if pair[1] in PHRASAL_PARTICLES}
    verbs = "|".join(sorted({v for v, _ in pairs}))
    particles = "|".join(sorted({q for _, q in pairs}))
    return re.compile(rf"\b({verbs})((?: (?!(?:{particles})\b)[a-z0-9'-]+){{1,6}}) ({particles})\b")


def _particle_next(text: str) -> str:
    """ "set the red atlas aside" -> "set aside the red atlas": the particle back beside its verb,
    where the groups' phrases are matched (only pairs the groups hold)."""
    pairs = _pairs()

    def moved(m: re.Match[str]) -> str:
        verb, thing, particle = m.group(1), m.group(2), m.group(3)
        return f"{verb} {particle}{thing}" if (verb, particle) in pairs else m.group(0)

    return _separated().sub(moved, text)


@cache
def joined_phrases() -> dict[str, str]:
    """The groups' phrasal verbs written as one word ("checkout", "pickup"), and their plurals, each
    mapped to the phrase: a compound noun of a phrasal verb is that verb's action (and no misspelling
    of another word: the speller keeps them, planner.py)."""
    found = {}
    for group in GROUPS:
        for p in group:
            words = p.split()
            if len(words) == 2 and words[1] in PHRASAL_PARTICLES | {"in"}:
                found[words[0] + words[1]] = p
                found[words[0] + words[1] + "s"] = p
    return found


# "from scratch" is an idiom for "from the start", not the verb of calling a thing off (round 16).
_FROM_SCRATCH = re.compile(r"\bfrom scratch\b")
# The group words that are everyday nouns too ("an axe", "a book on scratch programming", "a
# scratch-resistant case"): after an article or a preposition, or before a hyphen, such a word names
# a thing, and is neither a verb nor a word of its group (round 16 review).
ALSO_NOUNS = frozenset("axe ditch scratch".split())
_ALSO_NOUN = "|".join(sorted(ALSO_NOUNS))
_NOUN_USE = re.compile(
    r"\b(?:a|an|the|about|on|of|for|with|no|any)\s+(" + _ALSO_NOUN + r")\b|\b(" + _ALSO_NOUN + r")(?=-[a-z])"
)


def nouns_said(text: str) -> set[str]:
    """The words of ALSO_NOUNS that ``text`` (lower case) uses as nouns."""
    return {m.group(1) or m.group(2) for m in _NOUN_USE.finditer(text)}


def _without_nouns(text: str) -> str:
    return _NOUN_USE.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] if m.group(1) else "", text)


@per_message
def base_forms(text: str) -> str:
    """The text with irregular past forms replaced by their base verb (and time asked for in other
    words put plainly, a phrasal verb's particle put back beside it)."""
    text = _particle_next(_KEEP_LONGER.sub("extend", _MORE_TIME.sub("more time", text)))
    text = _ALIKE.sub("similar", text)
    text = _FILLER.sub("", _without_nouns(_FROM_SCRATCH.sub("from the start", text)))
    return _IRREGULAR_WORD.sub(lambda m: IRREGULAR[m.group(0)], text)


# Pronouns a purpose follows ("something for the puppy to chew on"): the verb after "to" says what for.
_PURPOSE_OF = frozenset("something anything nothing".split())
# The irregular past forms but "got" ("have you got", "got any" ask in the present).
_IRREGULAR_PAST = re.compile(r"\b(?:" + "|".join(w for w in IRREGULAR if not w.startswith("got")) + r")\b")
# An irregular past form as a whole word of lower-case letters (what `\b[a-z]+\b` would find).
_IRREGULAR_WORD = re.compile(r"\b(?:" + "|".join(sorted(IRREGULAR, key=len, reverse=True)) + r")\b")


@per_message
def expansions(text: str) -> set[str]:
    """Stems that the groups of ``text``'s words and phrases add (not counting its own stems)."""
    lowered = base_forms(text.lower())
    own = set(terms(lowered))
    added: set[str] = set()
    for core, pattern in zip(_cores(), _compiled(), strict=True):
        if core & own or pattern.search(lowered):
            added |= core
    return added - own


# A word is used as a verb when it opens the request or follows a subject, a modal, "to", "please"
# or an interjection ("order a mat", "can you cancel it", "I'd like to renew", "yeah buy one"); a
# noun after a light verb and an article counts too ("put a hold on", "place an order").
VERB_PRECEDERS = frozenset(
    "i we you u please pls plz to and then also just will would can could shall should must might may "
    "yes yeah yep yup ok okay sure so now go ahead alright fine great cool sweet perfect right "
    "kindly actually ugh hey hi oh well".split()
)
QUESTION_WORDS = frozenset("what which where when who whom whose why how".split())
# The openings that tell a question as the asker's wondering, longest first ("just wondering what").
_WONDERING = tuple(
    tuple(w.split())
    for w in ("i was just wondering", "i was wondering", "i am wondering", "just wondering", "i wonder")
)
INTERJECTIONS = frozenset("yo hey hi hello ok okay so well um uh oh hmm right lol".split())
ARTICLES = frozenset("a an the another some".split())
PARTICLES = frozenset("in through out up".split())
# "stick", "pop" and "slap" are informal "put" ("stick a hold on it", round 17).
LIGHT_VERBS = frozenset(
    "put place make do get issue request want need like give stick pop slap chuck throw bung".split()
)
_WORDS = re.compile(r"[a-z0-9]+")
# Nouns that a word before them qualifies ("*order* history", "*return* date"): that word is no verb.
NOUN_HEADS = frozenset(
    "history status details number id total date deadline confirmation tracking list".split()
)
# A clause ending in one of these asks about its verb ("return by when", "pick it up where"), not for it,
# unless a verb of telling has it as its object ("cancel it and tell me when", "let me know where").
_ASKED_AFTER = frozenset("when where".split())
_TOLD = frozenset("me us know".split())


@per_message
def verb_uses(text: str) -> set[str]:
    """Stems of the actions ``text`` asks for: its words used as verbs, not as nouns ("order a
    mat", "place an order", not "my order"), with their groups, and the groups' verb phrases."""
    lowered = base_forms(text.lower())
    found: set[str] = set()
    opening = _WORDS.findall(lowered)
    while opening and opening[0] in INTERJECTIONS:
        opening = opening[1:]  # "yo, what did I buy": the question starts after the greeting
    # "I wonder which <things> they would order": the question told as one's wondering (round 20);
    # "I wonder if you could ..." still asks for something.
    wondering = next((len(w) for w in _WONDERING if tuple(opening[: len(w)]) == w), 0)
    opening = opening[wondering:]
    if opening and opening[0] in QUESTION_WORDS:
        return found  # "what should I buy", "which one did I order": asking, not asking for
    found |= clause_verbs(text)
    for core, pattern in zip(_cores(), _phrases(), strict=True):
        if pattern.search(lowered):
            found |= core
    # "I want <it> held at X", "I'd like my loan renewed": the participle ending what is wanted.
    wanted = _WANTED_DONE.search(text.lower())
    if wanted:
        found |= group_of(IRREGULAR.get(wanted.group(1), wanted.group(1)))
    # "X needs renewing", "it needs to be cancelled": what a thing needs done to it is asked for.
    # "it should be cancelled": what ought to be done to a thing is asked for too.
    for needed in _NEEDS_DOING.findall(lowered):
        found |= group_of(needed[0] or needed[1])
    return found


_NEEDS_DOING = re.compile(
    r"\b(?:needs? (?:to be )?([a-z]{3,}(?:ing|ed))|(?:should|must) (?:be|get) ([a-z]{3,}ed))\b"
)
_WANTED_DONE = re.compile(
    r"\b(?:i|we)(?: would| d)? (?:want|like|need)\s+(?!to\b)(?:[a-z0-9'-]+\s+){0,8}?"
    r"(held|kept|[a-z]{3,}ed)(?=\s*(?:$|[?.!,]|\b(?:at|for|on|by|please|thanks|today|now|asap)\b))"
)


def clause_verbs(text: str) -> set[str]:
    """Stems of the verbs ``text``'s clauses use as requests where a verb stands (a clause's opening,
    after "please", a light verb's object): verb_uses without the groups' phrases ("don't want that"
    says no verb a request opens with)."""
    # Each clause opens where a verb may ("never mind, cancel that order", "that book - renew it").
    # An irregular past form ("people also *bought*") is no request, as a past form in -ed is not.
    said = base_forms(_IRREGULAR_PAST.sub(" ", text.lower()))
    clauses = re.split(r"[,;:.!?]+|\s[-\u2013\u2014]+\s", said)
    return set().union(*(_clause_verbs(_WORDS.findall(c)) for c in clauses))


def _clause_verbs(tokens: list[str]) -> set[str]:
    found: set[str] = set()
    while tokens and tokens[0] in INTERJECTIONS:
        tokens = tokens[1:]
    asked_after = len(tokens) > 1 and tokens[-1] in _ASKED_AFTER and tokens[-2] not in _TOLD
    if tokens and (tokens[0] in QUESTION_WORDS or asked_after):
        return found
    if tokens[:1] == ["did"]:
        return found  # "did I forget to return something?": asked about the past, nothing asked for
    # A request opening with its verb ("suggest something for me to buy") asks for that action;
    # a verb after "to" further on says what for.
    opened = bool(tokens) and len(group_of(tokens[0])) > 1 and tokens[0] not in LIGHT_VERBS
    for i, word in enumerate(tokens):
        if _inflected(word) or _past(word):
            continue  # "orders since may", "the order I placed": not a request to order or place
        before = tokens[i - 1] if i else ""
        if opened and i > 0 and before == "to":
            continue
        if before == "to" and _purpose(tokens[: i - 1]):
            continue  # "something for the puppy to chew on": what it is for, not a request
        if before == "to" and i > 1 and tokens[i - 2] in NOUN_HEADS:
            continue  # "the deadline to return": what the date is of, not a request
        if i + 1 < len(tokens) and tokens[i + 1] in NOUN_HEADS:
            continue  # "order history", "order status": a noun naming what is asked about
        # "place an order", "put in an order": a light verb, perhaps a particle, an article.
        verb_at = i - 3 if i > 2 and tokens[i - 2] in PARTICLES else i - 2
        light = before in ARTICLES and verb_at >= 0 and tokens[verb_at] in LIGHT_VERBS
        if i == 0 or before in VERB_PRECEDERS or light:
            found |= group_of(word)
    return found


def _purpose(tokens: list[str]) -> bool:
    """Whether ``tokens`` (the words before "to <verb>") end in a pronoun a purpose follows, directly
    ("something to scratch") or through "for <someone>" ("something for the puppy to chew on"); not
    "anything you can do to cancel", a request put indirectly."""
    for j, word in enumerate(tokens):
        if word in _PURPOSE_OF and (j == len(tokens) - 1 or tokens[j + 1] == "for"):
            return True
    return False


def _past(word: str) -> bool:
    """A past form in -ed ("placed", "ordered"; not "need" or "speed"): never a request's verb."""
    return len(word) > 4 and word.endswith("ed") and terms(word) != [word]


def _inflected(word: str) -> bool:
    """A word in -s (not -ss, -us, -is): a plural noun or a third-person verb, never the base form
    a request uses ("order", "renew")."""
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


@cache
def _cores() -> tuple[frozenset[str], ...]:
    """Each group's one-word members, stemmed: what a group *is* (its phrases only lead to it)."""
    return tuple(frozenset(t for w in group if " " not in w for t in terms(w)) for group in GROUPS)


@cache
def _holding() -> dict[str, tuple[int, ...]]:
    """For each stem of a group's core, the positions (in ``_cores()``) of the cores that hold it."""
    index: dict[str, list[int]] = {}
    for position, core in enumerate(_cores()):
        for stem in core:
            index.setdefault(stem, []).append(position)
    return {stem: tuple(positions) for stem, positions in index.items()}


@per_message
def group_of(word: str) -> frozenset[str]:
    """Every stem that stands for ``word`` (its own stem included); ``word`` may be a stem already
    ("purchas", which stemming again would change). The cores are looked up by stem and added in
    their own order, as a scan of every core adds them."""
    cores, holding = _cores(), _holding()
    stem = {word} if word in holding else set(terms(IRREGULAR.get(word, word)))
    found = set(stem)
    for position in sorted({p for s in stem for p in holding.get(s, ())}):
        found |= cores[position]
    return frozenset(found)


def speaks_of_past(text: str) -> bool:
    """Does the message ask about what already happened ("which ones did we order", "I have bought")?"""
    return PAST.search(text) is not None


@lru_cache(maxsize=4096)
def _state_words(value: str) -> tuple[re.Pattern[str], ...]:
    """The searches for the everyday words of the states ``value`` names (none for most values). A
    hyphenated word ("e-book") is a phrase: its parts ("book") are not what a group is."""
    wanted = set(terms(value))
    return tuple(
        _any_of(group)
        for group in STATES
        if frozenset(t for w in group if not set(w) & {" ", "-"} for t in terms(w)) & wanted
    )


def says_state(value: str, text: str) -> bool:
    """Does ``text`` say the state ``value`` names in everyday words ("late" for "overdue")?"""
    patterns = _state_words(value)
    if not patterns:
        return False
    lowered = base_forms(text.lower())
    return any(p.search(lowered) for p in patterns)


def all_stems() -> frozenset[str]:
    return frozenset(s for core in _cores() for s in core)
