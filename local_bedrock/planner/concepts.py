"""Conversational acts that are the same for every agent: greetings, thanks, asking what the agent
can do or how it is set up, talking about someone else, yes and no, asking for more of a list.

What a message asks an agent to *do* is not here: intents.py reads that from the agent's own
operation declarations.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

_RELATIVES = (
    "wife|husband|partner|friend|mom|mum|mother|dad|father|son|daughter|brother|sister|boss|"
    "neighbou?r|colleague|roommate|flatmate|aunt|uncle|cousin|kid|child|grandma|grandpa|girlfriend|boyfriend|"
    # the same people in other everyday words (round 27). Not the kin a gift is bought for in a
    # question about the rules ("a gift card I buy for my niece", "my nephew already has one"): the
    # planner still reads "buy" there as an order for them and declines (the same with "my sister"),
    # and the knowledge base lost two such questions when they were added.
    "hubby|wifey|spouse|missus|sis|housemate|roomie"
)
# Words of time whose possessive names no one ("this week's loans", "this morning's order").
_TIMES = (
    "today|tonight|yesterday|tomorrow|morning|afternoon|evening|night|hour|day|week|weekend|fortnight|"
    "month|quarter|year|season|spring|"
    "summer|autumn|fall|winter|christmas|"
    + "|".join(m.lower() for m in calendar.month_name[1:])
    + "|"
    + "|".join(d.lower() for d in calendar.day_name)
)
# Words for the agent itself or the business, whose possessive names no other customer.
_NO_ONE = "assistant|bot|chatbot|agent|helper|store|shop|site|website|app|library|company"
_RELATIVE = rf"\b(my|our|his|her) ({_RELATIVES})('s|s)?\b"
# Which kinds of request the agent takes, asked in so many words ("what types of questions do you
# handle", "which kinds of tasks can you assist with", "what can you help us with"; round 20). Not
# with an object after ("what can you help me with about <something>" asks for that), and not the
# bare "what can you do", which after a story asks what can be done about it.
ABILITIES = (
    r"\b(?:what|which) (?:(?:sorts?|kinds?|types?) of (?:things|stuff|requests|questions|tasks|help) "
    r"(?:(?:can|could|do) you|you (?:can|could)|are you (?:able|willing) to)"
    r"(?: (?:help|assist)(?: me| us)? with| do| handle| deal with| sort out| take care of)"
    r"|(?:can|could|do) you (?:help|assist)(?: me| us)? with)"
    r"(?! (?:a|an|the|my|our|this|that|about|if|when|for (?!me\b|us\b))\b)\b"
)
CUES: dict[str, list[tuple[float, str]]] = {
    "greeting": [(3, r"^(hi|hello|hey|howdy|greetings|good (morning|afternoon|evening))\b[\w ,!.']{0,12}$")],
    "thanks": [
        (3, r"\b(thanks|thank you|thx|ty|cheers|much appreciated|appreciate it)\b"),
        # a closing said alone ("ok, see ya"; round 28)
        (
            3,
            r"^(?:ok(?:ay)?,? )?(?:bye|goodbye|bye bye|see (?:you|ya)|take care(?! of)|have a (?:good|great|nice) (?:one|day))\b",
        ),
    ],
    "help": [
        (
            3,
            r"\b(what (else )?(can|do) you (do|offer)|how (else )?can you help|what are you for|who are you)\b",
        ),
        (3, ABILITIES),
    ],
    "meta": [
        (
            5,
            r"\b(system prompt|(your|the) (instructions|prompt|rules|guidelines|configuration|setup|tools|"
            r"functions|apis?|tool definitions)|initial prompt|hidden (prompt|instructions)|"
            r"(tools|functions|apis) (do you|can you|are you)|repeat (everything|the text) above|"
            r"print your|reveal your|(what|which) (ai |language )?(model|llm) (are|do) you)\b",
        ),
        (
            5,
            r"\b(instructions|rules|guidelines|prompt)\b.{0,30}\b(given|told|set up|programmed|configured)\b",
        ),
    ],
    "other_person": [
        (
            5,
            r"\b(another|other|different|somebody else's|someone else's) (customer|user|account|person|member)s?\b",
        ),
        (5, r"\b(someone else|somebody else|other customers|other people|all customers|every customer)\b"),
        (5, _RELATIVE),
        # Someone close named without "my" at a clause's start, as the one whose things are asked
        # about ("sis's parcel", "hubby's orders") or who placed or bought them ("hubby placed an
        # order"; round 27): not what they did for the customer ("... placed an order for me") nor
        # with the customer's things ("sis borrowed my card").
        (
            5,
            rf"(?:^|[.,;:!?] )(?:the )?({_RELATIVES})(?:'s (?:orders?|account|parcel|package|purchases|"
            r"loans|fines|fees|checkouts)\b| (?:placed|ordered|bought|borrowed)\b(?! (?:my|me|us|our)\b)"
            r"(?!.{0,30}\bfor (?:me|us)\b))",
        ),
        # "<name>'s orders", but not a time's ("last month's purchases", "today's order") nor the
        # agent's or the business's own ("the assistant's order": the one it placed for the user).
        (4, rf"\b(?!(?:{_TIMES}|{_NO_ONE})'s)[a-z]+'s (orders?|purchases?|account|history)\b"),
    ],
    "affirm": [
        (
            3,
            r"^(yes|yeah|yep|yup|sure|ok|okay|alright|please do|do it|go ahead|go for it|sounds good|"
            r"confirm|correct|right|absolutely|of course|definitely|great|perfect|sweet|cool)\b",
        ),
    ],
    "deny": [(3, r"^(no|nope|nah|never ?mind|forget it|do not|not now|no thanks)\b")],
    "more": [
        (
            3,
            r"\b(show|see|get|list|give) (me )?(more|older|the rest|earlier)\b|^(more|older ones?|next page)\b",
        ),
        (3, r"\b(next page|the rest|(the )?ones before|older ones|earlier ones|keep going|go on)\b"),
        # Further back in a list shown newest first: "older than those", "before these", "further back",
        # "continue", in a short request (seven words at most) that names no policy: inside a policy
        # question they are the policy's words ("return them before those 30 days are up", "can I
        # return older stuff": review13 F2).
        (
            3,
            r"^(?!.*\b(?:return|returns|returning|refund|refunds|exchange|warranty|days?|weeks?)\b)"
            r"(?=(?:\S+\s+){0,6}\S+\s*$).*?(?:\b(?:older|earlier) than (?:those|these|them|that)\b|"
            r"\bbefore (?:those|these|them)\b|\b(?:further|farther) back\b|"
            r"\b(?:older|earlier) (?:stuff|things|ones too)\b)|^continue[.!]?$",
        ),
        # "the five before those", "the next ten": the page after the one shown, however many.
        (
            3,
            r"\bthe (?:[a-z0-9]+ )?(?:ones? )?before (?:those|these|them)\b|\bthe next (?:[a-z0-9]+ )?(?:ones|few)\b",
        ),
    ],
}
_COMPILED = {act: [(w, re.compile(p)) for w, p in cues] for act, cues in CUES.items()}
_ABILITIES = re.compile(ABILITIES)
SHORT = 6  # thanks and greetings are short; a long message with "thanks" in it asks for something
# The ways English closes a conversation ("nothing else", "take care"): said beside
# thanks they ask nothing, so they do not count towards a long message (round 28). General English.
_CLOSINGS = re.compile(
    r"\b(?:that(?:'?s| is) (?:all|it|everything)(?: (?:for (?:today|now|the moment)|i needed))?|"
    r"(?:that|this) (?:will|'ll) be all|nothing else|all (?:good|sorted|done)|"
    r"have a (?:good|great|nice|lovely) (?:one|day|night|evening|weekend|afternoon)|"
    r"take care(?! of)|bye(?: bye)?|goodbye|see (?:you|ya)(?: later| soon)?|talk (?:to you )?(?:later|soon))\b"
)


_THANKS_WORDS = re.compile(
    r"\b(?:thanks|thank you|thx|ty|cheers|much appreciated|appreciate it|so much|very much|a lot|again|"
    r"ok|okay|great|perfect|brilliant|lovely|awesome|cool|all|for|today|now|help|your|the|mate|buddy|pal|"
    r"guys|folks|everyone)\b"
)


def _closing_only(text: str) -> bool:
    """Thanks and closings, and nothing left once they are taken away."""
    if not _CLOSINGS.search(text):
        return False
    rest = _THANKS_WORDS.sub(" ", _CLOSINGS.sub(" ", text))
    return not re.search(r"[a-z0-9]", rest)


def only_courtesy(text: str, scores: ConceptScores) -> bool:
    """Is the message (``text``, whose concepts ``detect`` found as ``scores``) thanks and a closing
    and nothing else ("cheers, nothing else. Take care"): no request left once they are taken away
    (round 28)?"""
    return bool(scores.get("thanks")) and _closing_only(text)


@dataclass(frozen=True)
class ConceptScores:
    scores: dict[str, float]

    def get(self, concept: str) -> float:
        return self.scores.get(concept, 0.0)


def detect(text: str) -> ConceptScores:
    scores = {}
    for act, cues in _COMPILED.items():
        total = sum(weight for weight, pattern in cues if pattern.search(text))
        if total:
            scores[act] = total
    # a long message with thanks asks for something, unless thanks and closings are all it says
    if len(text.split()) > SHORT and not _closing_only(text):
        scores.pop("thanks", None)
    return ConceptScores(scores)


# What may follow a question about the agent's abilities that asks nothing else ("... help me with
# today?", "what can you do for me exactly").
_NOTHING_MORE = re.compile(
    r"(?:\s+(?:for me|for us|today|exactly|here|then|please|anyway|again))*\s*(?:[?.!]|$)"
)


def asks_abilities(text: str) -> bool:
    """Is the message, or its last clause, only a question about what the agent can do ("what types
    of questions do you handle?"), not one about something it names ("what could you do about the
    delay")?"""
    return any(_NOTHING_MORE.match(text, m.end()) for m in _ABILITIES.finditer(text))


# What the agent is, asked alone ("are you a real person or a bot?"; round 27): told plainly.
_WHAT_YOU_ARE = re.compile(
    r"^(?:(?:hi|hey|hello|so|ok|okay|wait)[ ,!]+)*(?:are|r) (?:you|u) (?:a |an )?(?:real |actual |live )?"
    r"(?:person|human|bot|robot|machine|ai|computer)(?: or (?:a |an )?(?:real )?"
    r"(?:person|human|bot|robot|machine|ai|computer))?[ ?!.]*$"
)


def asks_what_it_is(text: str) -> bool:
    """Does the message, and nothing else, ask whether the agent is human or software?"""
    return _WHAT_YOU_ARE.match(text) is not None


def only_relative(text: str) -> bool:
    """Is naming someone close ("my sister", "my wife's name") all that makes ``text`` about another
    person: no other customer, account, id or someone's orders?"""
    others = [p for w, p in _COMPILED["other_person"] if p.pattern != _RELATIVE]
    # Where the customer sends their own things ("move my points to my mum's account") names no data
    # of hers (round 22).
    kept = _SENT_TO.sub(r"\1", text)
    return re.search(_RELATIVE, text) is not None and not any(p.search(kept) for p in others)


_SENT_TO = re.compile(r"\b((?:to|into|onto) (?:my|our) [a-z]+)'s\b")
