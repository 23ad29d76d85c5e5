"""Courtesy around a request: "if it's no bother", "whenever you have a moment", "I wonder whether
you might ...", "is it possible for you to ... for me", a story set aside with "anyway", and what the
user does not want said before what they do. The words are manners or an aside; the request is what
is left. A model reads past them; the planner's word-based reading would take "bother" for a problem
to look into or "possible" for a question about a rule, so they go before the message is read
(rounds 20 and 21).

General English, not a documented rule: the phrases are a guess at how people write, measured on the
tunable suites. A question about what is possible without anything of the user's ("for me", "my")
still asks what the rules allow and is left as it is.
"""

from __future__ import annotations

import re

# A courtesy that closes a request, after a comma, a question mark or a space.
_CLOSING = re.compile(
    r"(?:[\s,;.?!-]+)(?:"
    r"if (?:it'?s|that'?s|it is|that is|this is) (?:not|no)(?: too much)? (?:trouble|bother|hassle)|"
    r"if (?:it'?s|that'?s|it is|that is) (?:ok|okay|alright|all right|fine)(?: with you)?|"
    r"if you (?:do not|don'?t|wouldn'?t|would not) mind|"
    r"if (?:at all )?possible|"
    r"when(?:ever)? you (?:get|have) (?:a|the) (?:chance|moment|minute|sec|second)|"
    r"(?:many )?thanks in advance|thank you in advance|"
    r"no rush|at your convenience"
    r")(?=[\s,;.?!]*$|[\s,;.?!]+(?:and |but |please |thanks|thank you|cheers))",
    re.IGNORECASE,
)
# An indirect request: "I wonder whether you might renew ...", "would you be able to hold ...".
_ASKING = re.compile(
    r"^(?:(?:hi|hello|hey)[\s,!.]+)?(?:"
    r"i (?:was|am|'m) (?:just )?wondering (?:whether|if) (?:you|u) (?:could|would|can|might)|"
    r"i wonder (?:whether|if) (?:you|u) (?:could|would|can|might)|"
    r"(?:would|could) you (?:be able|be (?:so )?kind(?: enough| as)?) to"
    r")(?: possibly| please| kindly)? ",
    re.IGNORECASE,
)
# "(I wonder whether) it is possible for you to <do something> for me": a request when
# the thing done is the user's ("for me", "my ..."); otherwise a question about the rules.
_POSSIBLE = re.compile(
    r"^(?:(?:hi|hello|hey)[\s,!.]+)?(?:i (?:was|am|'m) (?:just )?wondering (?:whether|if) )?"
    r"(?:would|is|will) it (?:be )?possible (?:for you )?to ",
    re.IGNORECASE,
)
_THE_USERS = re.compile(r"\b(?:for (?:me|us)|my|our)\b", re.IGNORECASE)


# A word that sets the story before it aside ("... the bus was late again, anyway, is <a title> in?"):
# what follows is the request.
_ASIDE = re.compile(
    r"(?:^|[,.;:!?-]\s*|\s)(?:but )?(?:anyway|anyways|anyhow|long story short|all that aside|that aside)"
    r"\b[,:]?\s+",
    re.IGNORECASE,
)
MIN_REQUEST_WORDS = 3  # what follows "anyway" must say something ("anyway, thanks" is a closing)
# What the user does not want done, said before what they want ("don't <do this> yet, just <do that>",
# "no need to <do this>, <do that> instead"; round 21): the request is what follows.
_NOT_THIS = re.compile(
    # "not X, Y" too (round 23), but not a hedge ("not sure if ...").
    r"^(?:please |pls )?(?:don'?t|do not|no need to|never mind|not(?! sure| certain| really))\b"
    r"[^,.;:!?—–]*[,.;:!—–-]+\s*"
    r"(?:(?:but|just|only|instead|rather|simply)\b[,]?\s*)*",
    re.IGNORECASE,
)


# The verb of what is not wanted, unless it is one of wanting ("do not want it, cancel ...").
_NOT_VERB = re.compile(
    r"^(?:please |pls )?(?:don'?t|do not) (?!(?:want|need|like|wish)\b)([a-z]+) ", re.IGNORECASE
)


# A request made of a noun, as formal English makes it ("kindly arrange for the cancellation of ...",
# "please process the renewal of ..."; round 23): the noun's verb.
_NOUN_OF_ACTION = re.compile(
    r"\b(?:arrange|proceed|go ahead|process|action|initiate|request|effect)(?: with| for)? (?:the |a )?"
    r"(cancellation|renewal|reservation|extension) of\b",
    re.IGNORECASE,
)
_VERB_OF = {"cancellation": "cancel", "renewal": "renew", "reservation": "reserve", "extension": "extend"}


# Praise of the agent ("you're a star", "you are an absolute legend", "you rock"; round 27): the
# nouns English praises a helper with. Said alone it is thanks; beside a request, manners.
_PRAISE = re.compile(
    r"[\s,;.!-]*\b(?:you(?:'re| are| re)(?: such| a| an| the| absolute| total| real| proper)* "
    r"(?:star|legend|gem|champ|champion|lifesaver|life saver|hero|genius|angel|saint|treasure|"
    r"rockstar|rock star|superstar|diamond|marvel|wizard)|you rock)\b[\s,;.!]*",
    re.IGNORECASE,
)

# A sentence of thanks or praise before the request ("You have been super helpful, ta! Can you ...",
# "Thank you for Monday's help. Which ..."; round 28): what it says (a day,
# a thing done) belongs to no request. General English.
_THANKS_FIRST = re.compile(
    r"^(?:(?:oh|ok|okay|and|hi|hello|hey)[,!]? )?(?:(?:thanks|thank you|thx|cheers|many thanks|ta)\b|"
    r"you(?:'ve| have) been (?:so |really |very |absolutely |a )?(?:brilliant|great|helpful|amazing|"
    r"fantastic|wonderful|super|lovely|a (?:great )?help)\b)[^.!?]*[.!?]+\s+",
    re.IGNORECASE,
)
# What a request says of a thing named before it ("can you renew it again?", "order another one").
_POINTS_BACK = re.compile(
    r"\b(?:it|its|that|this|them|they|those|another|one more|the same|again)\b", re.IGNORECASE
)


def _set_aside(thanks: str, request: str) -> bool:
    """May a sentence of thanks go? Only when it holds no number (an id, a date: "thanks for
    sorting out <an id>") and the request after it says all it asks, pointing back at nothing
    ("... the kettle. Can you order another one?" keeps it; review of round 28)."""
    return (
        len(request.split()) >= MIN_REQUEST_WORDS
        and not re.search(r"\d", thanks)
        and _POINTS_BACK.search(request) is None
    )


# Words a thing's name opens with, not a request's ("the", "my"; "cancel ..." is a request of its own).
_THING_OPENERS = frozenset("the my our that this those these a an".split())


def plain(text: str) -> str:
    """``text`` without its courtesy: a story set aside by "anyway", what is not wanted said first
    ("don't ..., just ...") and closing phrases dropped, an indirect request made direct ("please
    renew ..."); unchanged when it has none."""
    thanked = _THANKS_FIRST.match(text)
    while thanked and _set_aside(thanked.group(0), text[thanked.end() :]):
        text = text[thanked.end() :]
        thanked = _THANKS_FIRST.match(text)
    unpraised, praised = _PRAISE.subn(" ", text)
    if praised:
        text = unpraised.strip() or "thanks"
    asides = list(_ASIDE.finditer(text))
    if asides and len(text[asides[-1].end() :].split()) >= MIN_REQUEST_WORDS:
        text = text[asides[-1].end() :]
    not_this = _NOT_THIS.match(text)
    while not_this and len(text[not_this.end() :].split()) >= MIN_REQUEST_WORDS:
        text = text[not_this.end() :]  # "not X, not Y, just Z": each set aside in turn
        not_this = _NOT_THIS.match(text)
    kept = text[not_this.end() :].split() if not_this else []
    if not_this and (verb := _NOT_VERB.match(text)) and kept and kept[0].lower() in _THING_OPENERS:
        # "don't <verb> X, just Y" with Y alone a thing ("the martian"): the verb is Y's too (round 23).
        text = f"{verb.group(1)} {text[not_this.end() :]}"
    text = _NOUN_OF_ACTION.sub(lambda m: _VERB_OF[m.group(1).lower()], text)
    stripped = _CLOSING.sub("", text).strip()
    asking = _ASKING.match(stripped)
    if asking:
        return "please " + stripped[asking.end() :]
    possible = _POSSIBLE.match(stripped)
    if possible and _THE_USERS.search(stripped, possible.end()):
        return "please " + stripped[possible.end() :].rstrip(" ?")
    return stripped if stripped else text
