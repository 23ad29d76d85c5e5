"""A message that tells what happened instead of asking for anything ("the lamp we got in June
flickers", "I gave a wrong postcode"): general English sentence form, not
any agent's words. Such a message asks what the rules say about it, not for the listing of the user's
things, even when it names them."""

from __future__ import annotations

import re

from local_bedrock.planner import lexicon
from local_bedrock.planner.goals import Understanding

# A statement opens with its subject: a determiner, a possessive or a pronoun.
_SUBJECT_FIRST = re.compile(
    r"^(?:so |well |hi |hey |hello |um )*(?:the|my|our|i|it|this|that|these|those|a|an|we|one)\b"
)
# "I want / need / would like / am looking for ...": a request told as a wish.
_WISH = re.compile(
    r"\b(?:i|we) (?:would|will|want|wanna|need|wish|am looking|are looking|would like|am trying)\b"
)
# The user did something, or had something done to them, in the past ("I bought", "we ordered",
# "I just got", "I was billed").
_PAST_FORMS = "|".join(sorted(lexicon.IRREGULAR))
_DID = re.compile(
    r"\b(?:i|we) (?:just |already |recently |only )?(?:(?:was|were|got|have been) )?"
    rf"(?:[a-z]{{3,}}ed|{_PAST_FORMS})\b"
)
# A request inside the telling ("..., can you look", "..., please check").
_ASKS = re.compile(r"\b(?:can|could|would|will) you\b|\bplease\b|\b(?:show|list|tell|give|find) me\b")


# Things named by what the user did with them, and nothing said of them ("the last 4 things I
# bought", "those shoes we ordered in may"): a noun phrase, asking for them, not a telling (round 20).
_NAMED_BY_DEED = re.compile(
    r"^(?:so |well |hi |hey |um )*(?:the|those|these|all the|all those|all my)\b[^.?!,;]*?"
    rf"\b(?:i|we) (?:just |already |recently |only )?(?:[a-z]{{3,}}ed|{_PAST_FORMS})"
    r"(?: (?:recently|lately|online|here|from you|(?:last|this|in|on|since|over) [a-z0-9]+))*[.!]?$"
)


def tells(message: Understanding) -> bool:
    """Does the message tell what the user did and what came of it, asking nothing?"""
    text = message.text
    return (
        "?" not in message.raw
        and _SUBJECT_FIRST.match(text) is not None
        and _NAMED_BY_DEED.match(text) is None
        and _DID.search(text) is not None
        and _WISH.search(text) is None
        and _ASKS.search(text) is None
    )


# A yes/no question whether there are things of a kind ("do you <verb> any ...", "are there any
# ... left", "is there a ..."): the form of asking for things to be found, whatever the verb.
_WHETHER_ANY = re.compile(r"^(?:do|does|are|is|have|has|got|can)\b.*\b(?:any|some)\b")


def asks_whether_any(message: Understanding) -> bool:
    """Does the message ask whether there are any things of a kind?"""
    return _WHETHER_ANY.search(message.text) is not None
