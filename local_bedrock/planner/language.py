"""Everyday English for the planner: normalization, spelling correction, numbers and ordinals
(dates are in dates.py)."""

from __future__ import annotations

import calendar
import difflib
import re
from collections.abc import Callable, Iterable

from local_bedrock.planner import numbers
from local_bedrock.planner.per_message import per_message
from textnorm import stem

CONTRACTIONS = {
    "what's": "what is",
    "where's": "where is",
    "when's": "when is",
    "how's": "how is",
    "that's": "that is",
    "it's": "it is",
    "i'd": "i would",
    "i'll": "i will",
    "i've": "i have",
    "i'm": "i am",
    "don't": "do not",
    "doesn't": "does not",
    "didn't": "did not",
    "can't": "cannot",
    "won't": "will not",
    "haven't": "have not",
    "isn't": "is not",
    "wasn't": "was not",
    "let's": "let us",
    "you've": "you have",
    "whats": "what is",
    "wheres": "where is",
    "dont": "do not",
    "didnt": "did not",
    "im": "i am",
    "ive": "i have",
    "wanna": "want to",
    "gonna": "going to",
    "pls": "please",
    "plz": "please",
    "u": "you",
    # The plural and familiar "you" (round 17): "do y'all have ...", "you guys carry ...".
    "y'all": "you",
    "ya'll": "you",
    "yall": "you",
    "you guys": "you",
    "what'd": "what did",
    "where'd": "where did",
    "how'd": "how did",
    "who'd": "who did",
    "cant": "cannot",
    "doesnt": "does not",
    "isnt": "is not",
    "wasnt": "was not",
    "havent": "have not",
    "wouldnt": "would not",
    "couldnt": "could not",
    "shouldnt": "should not",
    "thats": "that is",
    "theres": "there is",
    "youre": "you are",
    "wat": "what",
    "hav": "have",
    "hve": "have",
    "hv": "have",
    "yu": "you",
    "wht": "what",
    "wud": "would",
    "cud": "could",
    "ur": "your",
    # Chat shorthand (round 24): "r u open", "chk my loans", "what i have out atm". Not "rn" or "tmrw":
    # read as "right now" and "tomorrow" they turned two questions into others (a shelf asked about
    # "rn" became the user's loans), measured on the tunable suites.
    "r": "are",
    "chk": "check",
    "chek": "check",
    "atm": "at the moment",
    "b4": "before",
    "thru": "through",
    "abt": "about",
    "acct": "account",
    # Scots and Irish forms (round 27): "could ye gie us", "whit wis in", "would ya ever". Not those
    # that are English words or parts of names too: "ma" (a mother), "o", "ah", "fur" (faux fur),
    # "pit" (a fire pit), "lang" (Andrew Lang), "wi" (wi-fi), "tae" (tae kwon do).
    "ye": "you",
    "ya": "you",
    "yer": "your",
    "gie": "give",
    "gies": "give me",
    "gie's": "give me",
    "whit": "what",
    "wis": "was",
    "twa": "two",
    "mair": "more",
    "cannae": "cannot",
    "dinnae": "do not",
    "didnae": "did not",
    "oot": "out",
    "aboot": "about",
    "ah'd": "i would",
    "ah'm": "i am",
}
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8,
    "ninth": 9, "9th": 9, "tenth": 10, "10th": 10,
}  # fmt: skip
# Each contraction as a whole word, in the order they are expanded.
_CONTRACTED = tuple((re.compile(rf"\b{re.escape(short)}\b"), long) for short, long in CONTRACTIONS.items())
# Each ordinal as a word, not "first time", "second order of", "second half".
_ORDINAL_WORDS = tuple(
    (re.compile(rf"\b{word}\b(?! (time|order of|half))"), position) for word, position in ORDINALS.items()
)
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
# The month names and abbreviations as one regex alternation, longest first (dates.py reads it too).
MONTH_ALTERNATION = "|".join(sorted(MONTHS, key=len, reverse=True))
# Words of dates and numbers: never misspellings of the agent's words ("march" is not "match").
DATE_AND_NUMBER_WORDS = frozenset(
    {*MONTHS, *numbers.NUMBER_WORDS, *numbers.COUNT_WORDS, *(d.lower() for d in calendar.day_name)}
    | set("day days week weeks weekend fortnight month months year years today tonight tomorrow".split())
    | {"yesterday", "ago", "date", "dates"}
)
_TOKEN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


def without(text: str, found: Iterable[str]) -> str:
    """``text`` with each string of ``found`` blanked out, in any case (ids the message holds)."""
    for item in found:
        text = re.sub(re.escape(item), " ", text, flags=re.IGNORECASE)
    return text


# "by" where only the verb "buy" fits: after "to" or a wish and before what is bought ("wanna by a
# lamp", "I want to by two"), a real-word slip no speller of single words can see.
_HOMOPHONE_BUY = re.compile(
    r"\b((?:to|wanna|gonna|gotta|(?:i|we)(?: will| would| d| ll)?) )by"
    r"(?= (?:a|an|the|some|one|two|three|another|\d))"
)


# "for" and "to"/"too" where only a count fits, as dictation writes "four" and "two": between a word
# of position and a plural ("my last for orders", "the past to weeks"; round 20).
_HOMOPHONE_COUNT = re.compile(
    r"\b(last|first|latest|newest|recent|top|past|next) (for|to|too)(?= [a-z]{3,}s\b)"
)


_SPLIT_E = re.compile(r"\be (books?|readers?)\b")


# A list's marks at the start of a line ("1. ...", "2) ...", "- ...", "* ..."): layout, not words
# (round 27).
_LIST_MARK = re.compile(r"(?<=\n)[ \t]*(?:\d{1,2}[.)]|[-*\u2022])[ \t]+")


def normalize(text: str) -> str:
    """Lowercase, straight quotes, expanded contractions, single spaces; a question that opens with
    "got" or "any" has its elided "have you" or "do you have" back ("got any maps?", "any maps?")."""
    lowered = (
        text.lower()
        .replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
    )
    for contraction, long in _CONTRACTED:
        lowered = contraction.sub(long, lowered)
    lowered = _LIST_MARK.sub("", lowered)
    lowered = re.sub(r"\s+", " ", lowered).strip()
    lowered = _SPLIT_E.sub(r"e\1", lowered)  # "e books" are "ebooks" (round 26)
    # "you've got my name wrong" says what the agent has of the user's, asks for no search (round 28)
    lowered = re.sub(r"\byou have got (?=(?:my|our|me|us)\b)", "you have ", lowered)
    lowered = _HOMOPHONE_BUY.sub(r"\1buy", lowered)
    lowered = _HOMOPHONE_COUNT.sub(lambda m: f"{m.group(1)} {'4' if m.group(2) == 'for' else '2'}", lowered)
    if lowered.startswith("got ") and (lowered.endswith("?") or re.match(r"got any(thing)? ", lowered)):
        lowered = "have you " + lowered
    elif lowered.startswith("any ") and lowered.endswith("?") and re.search(r"\b(my|mine|our)\b", lowered):
        lowered = "do i have " + lowered  # "any charges on my account?": the user's own things
    elif lowered.startswith(
        (
            "anything by ",
            "anything from ",
            "anything on ",
            "anything about ",
            "something by ",
            "anything written by ",
        )
    ) or (lowered.startswith("any ") and re.match(r"any [^.?!]*\?", lowered)):
        lowered = "do you have " + lowered  # "any e-readers?", "anything by <author>?"
    else:
        # the same question after a story ("... a test soon, anything on the romans?"; round 28)
        lowered = _ANY_AFTER_STORY.sub(r"\1do you have \2", lowered)
    return lowered


_ANY_AFTER_STORY = re.compile(
    r"^(.*[.,;:!] )((?:any|anything (?:on|about|by|from))\b(?!.*\b(?:my|mine|our|on sale)\b)"
    # not asking for an opinion or news ("any thoughts?", "any update?")
    r"(?! (?:thoughts?|ideas?|suggestions?|advice|tips?|recommendations?|recs|help|luck|chance|news|"
    r"updates?)\b)"
    r"[^.?!]*\?)$"
)


def words(text: str) -> list[str]:
    return _TOKEN.findall(text)


def map_words(text: str, change: Callable[[str], str]) -> str:
    """``text`` with each word replaced by ``change(word)``, its punctuation and spaces kept."""
    return _TOKEN.sub(lambda m: change(m.group(0)), text)


class Speller:
    """Corrects misspelt words against a vocabulary (catalog names, documents, tool descriptions)."""

    def __init__(
        self,
        vocabulary: Iterable[str],
        fold: Callable[[str], str] = lambda w: w,
        dictionary: Callable[[str], str | None] = lambda w: None,
        listed: Callable[[str], bool] = lambda w: False,
    ) -> None:
        self.vocabulary = {w for w in vocabulary if len(w) > 2}
        self.fold = fold  # e.g. a plural stemmer: "cats" is fine when "cat" is known
        # A real word's spelling in a dictionary of the language (None: not a common word there).
        self.dictionary = dictionary
        self.listed = listed  # a real word of any length ("form" is no slip for "from")
        self.folded = {fold(w) for w in self.vocabulary}
        # Another inflection of a known word is no slip ("print" when "printing" is known).
        self.stems = {stem(w) for w in self.vocabulary if w.isalpha() and len(w) > 3}
        self._by_initial: dict[str, list[str]] = {}
        for word in sorted(self.vocabulary):
            self._by_initial.setdefault(word[0], []).append(word)

    def correct(self, word: str) -> str:
        if len(word) < 4 or word in self.vocabulary or not word.isalpha() or self.fold(word) in self.folded:
            return word
        real = self.dictionary(word)
        if real is not None:
            return real  # a real word the agent never declares is no slip ("length" is not "lent")
        if len(word) > 4 and not word.endswith("s") and stem(word) in self.stems:
            return word  # (a plural is folded above, or corrected to the known singular below)
        swapped = None if self.listed(word) else transposed(word, self.vocabulary)
        if swapped:
            return swapped  # two letters typed the wrong way round ("lsat", "waht")
        if word.endswith("in") and word + "g" in self.vocabulary:
            return word + "g"  # a dropped g ("lookin", "somethin")
        if (
            re.sub(r"(?:i?er|i?est)$", "", word) in self.vocabulary
            or re.sub(r"ier$|iest$", "y", word) in self.vocabulary
            # "largest" of "large", "biggest" of "big" ("roler" is no comparative of "role")
            or re.sub(r"(?<=e)st$", "", word) in self.vocabulary
            or re.sub(r"(.)\1est$", r"\1", word) in self.vocabulary
        ):
            return word  # a comparative or superlative of a known word ("cheaper", "easiest")
        cutoff = 0.8
        pool = self._by_initial.get(word[0], [])
        if len(word) <= 4:  # a short word is only mistyped in place ("dune" is not "due")
            pool = [w for w in pool if len(w) == len(word)]
        past = self._past_of_a_slip(word, pool, cutoff)
        if past:
            return past
        match = difflib.get_close_matches(word, pool, n=1, cutoff=cutoff)
        if not match:  # a slip on the first letter ("hedphones" keeps h; "eadphones" does not)
            # A short real word is only mistyped in place: "sort" is no slip of "sport" (round 20).
            short_word = len(word) <= 4 and self.listed(word)
            anywhere = [w for w in self.vocabulary if len(w) == len(word)] if short_word else self.vocabulary
            match = difflib.get_close_matches(word, anywhere, n=1, cutoff=0.86)
            # A letter before a short known word, or a short known word without its first letter, is
            # more often another word than a slip ("flight" is not "light", "ring" not "bring").
            match = [m for m in match if min(len(m), len(word)) >= 6 or (word[1:] != m and m[1:] != word)]
        return match[0] if match else word

    def _past_of_a_slip(self, word: str, pool: list[str], cutoff: float) -> str | None:
        """A mistyped past form of a known word ("purchsed" of "purchase"): the known word its stem
        comes closest to, in the past form the language has ("purchased"), when that is a real word."""
        if len(word) < 6 or not word.endswith("ed"):
            return None
        root = difflib.get_close_matches(word[:-2], pool, n=1, cutoff=cutoff)
        if not root:
            return None
        forms = [root[0] + "d"] if root[0].endswith("e") else [root[0] + "ed"]
        return next((f for f in forms if self.listed(f)), None)

    def correct_text(self, text: str, keep: Iterable[str] = ()) -> str:
        """``text`` with misspelt words corrected, except those in ``keep`` (names)."""
        kept = set(keep)
        return _TOKEN.sub(lambda m: m.group(0) if m.group(0) in kept else self.correct(m.group(0)), text)


def transposed(word: str, known: set[str] | frozenset[str]) -> str | None:
    """The one known word ``word`` becomes with two neighbouring letters swapped back, if any: the
    commonest slip of a fast typist, which a similarity ratio scores low in a short word ("lsat" is
    0.75 of "last")."""
    found = {
        swapped
        for i in range(len(word) - 1)
        if word[i] != word[i + 1] and (swapped := word[:i] + word[i + 1] + word[i] + word[i + 2 :]) in known
    }
    return found.pop() if len(found) == 1 else None


def near(wanted: set[str], have: set[str]) -> set[str]:
    """The words of ``wanted`` found in ``have`` as they are or with one slip (a letter missing,
    extra, changed or two swapped; words of four letters or more: "hobit" is "hobbit")."""
    return {w for w in wanted if w in have or (len(w) >= 4 and any(_one_slip(w, h) for h in have))}


def _one_slip(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or len(b) < 4 or a == b:
        return a == b
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def proper_names(raw: str) -> set[str]:
    """Words capitalised inside a sentence ("is Zorba here?") and the two words after "by" ("books
    by ada lovelace"): names, which the speller leaves as they are."""
    names = set(re.findall(r"\bby ([a-z]+)", raw.lower()))
    names |= set(re.findall(r"\bby [a-z]+ ([a-z]+)", raw.lower()))
    for sentence in re.split(r"[.!?]\s+", raw):
        for word in re.findall(r"[A-Za-z][a-z]+", sentence)[1:]:
            if word[0].isupper():
                names.add(word.lower())
    return names


def number_words_to_digits(text: str) -> str:
    return numbers.cardinals_to_digits(text)


_AFTER_MONTH = re.compile(rf"\b(?:{MONTH_ALTERNATION})(?: the)? (?:(?:twenty|thirty)[- ])?$")
# "newest first", "oldest first": an order to list in, not a position pointed at (round 16).
# A superlative is no verb: not after a subject ("the one you suggest first", "what I request first").
_SORTED_BY = re.compile(r"(?<!\bi )(?<!\bwe )(?<!\byou )(?<!\bthey )\b(?:[a-z]{3,}est|recent|latest)\s*$")
_BEFORE_MONTH = re.compile(
    rf"^(?: (?:to|and|through|until|till|-) (?:the )?\d{{1,2}}(?:st|nd|rd|th)?)?"
    rf" (?:of )?(?:{MONTH_ALTERNATION})\b"
)


def _in_date(text: str, start: int, end: int) -> bool:
    """Is the ordinal at text[start:end] a day of a month ("the ninth of july", "july the ninth")?"""
    return bool(_AFTER_MONTH.search(text[:start]) or _BEFORE_MONTH.match(text[end:]))


_THE_LIST = r"(?:that|the|this|your|my) (?:list|listing)\b"


@per_message
def ordinal_reference(text: str) -> int | None:
    """1-based position the user points at ("the second one", "#3", "number 2"), -1 for "the last
    one", or None."""
    if re.search(r"\b(second to last|penultimate)\b", text):
        return -2
    # Not "every last one", which means all of them.
    if re.search(r"(?<!every )\b(the )?(last|final|bottom) (one|item|option|entry|row)\b", text):
        return -1
    # A list read top down: its top entry, the one at the top, is the first. Not "the top one": said of
    # tiers and plans it means the highest ("how much to reach the top one", a loyalty question, read
    # an order at the merge of round 13); not "at the top of <something>" ("a fee at the top of my
    # receipt"); not "the lowest option", which is the cheapest (superlatives.py; review13 F1).
    if re.search(r"\b(?:top|topmost|uppermost) (?:item|option|entry|row)\b|\bat the top\b(?! of)", text):
        return 1
    # ... unless the list is named: "the top one on that list", "at the very top of the list", "the
    # top one there" point at a list shown (round 23).
    if re.search(rf"\btop (?:one )?(?:on|of|in) {_THE_LIST}|\bthe top one (?:there|here)\b", text):
        return 1
    if re.search(rf"\bbottom (?:one )?(?:on|of|in) {_THE_LIST}|\bthe bottom one (?:there|here)\b", text):
        return -1
    match = re.search(r"(?:#|\bnumber |\bno\. ?|\boption |\bitem |\bentry |\brow )(\d{1,2})\b", text)
    if match:
        return int(match.group(1))
    match = re.search(
        r"\b(?:number|option|item|entry|row) (one|two|three|four|five|six|seven|eight|nine|ten)\b", text
    )
    if match:  # "renew number four"
        return int(numbers.UNITS[match.group(1)])
    for word, position in _ORDINAL_WORDS:
        for match in word.finditer(text):
            if not _in_date(text, match.start(), match.end()) and not (
                position == 1
                and (
                    _SORTED_BY.search(text[: match.start()])
                    or _first_of_all(text, match.start(), match.end())
                )
            ):
                return position
    return None


# "first" as an adverb, not a position: opening a clause and followed by what is done first ("so
# first list my fees", "but first, can you ..."; round 28). General English.
_CLAUSE_OPENED = re.compile(r"(?:^|\b(?:so|and|but|then|ok|okay|please)|[,.;:!?])\s*$")
_DONE_FIRST = re.compile(
    r",? (?:of all|off|things first|i|we|you|can|could|would|will|let|show|tell|list|check|give|"
    r"pull|find|look|fetch|bring|send|see)\b"
)


def _first_of_all(text: str, start: int, end: int) -> bool:
    return bool(_CLAUSE_OPENED.search(text[:start]) and _DONE_FIRST.match(text, end))
