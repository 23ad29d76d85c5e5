"""What the user is after, from everyday phrasing: cue patterns -> concepts with scores.

Concepts are generic shopping intents (history, details, status, cancel, recommend, search, place);
operations.py maps them onto whatever operations an agent's OpenAPI schemas define.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PURCHASES = r"(purchases|orders|buys|stuff|things|items|shopping)"
_PAST_BUY = r"(bought|purchased|ordered|got|buy|order|purchase|get)"

CUES: dict[str, list[tuple[float, str]]] = {
    "history": [
        (3, rf"\b(what|which|show|list|see|view|tell)\b.*\b(did|have) i (ever )?{_PAST_BUY}\b"),
        (3, r"\b(i have|i) (bought|purchased|ordered)\b"),
        (
            3,
            rf"\b(my|recent|latest|previous|past|old|last \d+) (recent |latest |previous |past |last \d+ )?{_PURCHASES}\b",
        ),
        (3, r"\b(order|purchase|buying|shopping) history\b"),
        (
            3,
            r"\b(what|which)\b.{0,30}\b(did|has|have)\b.{0,30}\b(buy|bought|order|ordered|purchase|purchased)\b",
        ),
        (3, rf"\w's (recent |latest |last \d+ |past )?{_PURCHASES}\b"),
        (1, r"\b(recently|lately)\b"),
    ],
    "details": [
        (
            3,
            r"\b(details?|breakdown|contents?|contain(s|ed)?|receipt|what was in|what is in|what came in|items? in)\b",
        ),
        (3, r"\b(tell me (more )?about|more about|what about) (my|the|that|this|order|purchase)\b"),
        (2, r"\b(tell me (more )?about|look at|show me|open)\b.*\bord-"),
    ],
    "status": [
        (
            3,
            r"\b(status|where is|track|tracking|arrive|arriving|arrival|delivered yet|shipped yet|on its way)\b",
        ),
        (
            2,
            r"\b(when will|when is|has it|did it|is it) .*\b(come|arrive|ship|shipped|deliver|delivered|here)\b",
        ),
        (1, r"\b(shipping|delivery) (of|for) (my|the|order)\b"),
    ],
    "cancel": [
        (4, r"(?<!noise )(?<!noise-)\bcancel+(ing|ed|ation)?\b(?!-? ?(noise|headphone|earbud))"),
        (
            3,
            r"\b(call off|stop|undo|revoke|kill|scrap|nix|drop|abort|withdraw|changed my mind)\b.*\b(order|purchase|it)\b",
        ),
        (3, r"\b(do not|no longer) (want|need)\b.*\b(order|it|that|anymore)\b"),
    ],
    "recommend": [
        (4, r"\b(recommend\w*|suggest\w*|recommendations?)\b"),
        (3, r"\b(what|anything) (else )?(should|could|would|might|can) i (buy|get|try|like|need|order)\b"),
        (3, r"\b(ideas?|inspiration)\b.*\b(buy|gift|get|next|shopping|like|want)\b"),
        (2, r"\b(goes well with|go with|to go with|complements?|pair with|next purchase|buy next)\b"),
        (3, r"\b(i might like|would i like|you think i would like|i would enjoy|i might enjoy)\b"),
    ],
    "search": [
        (
            3,
            r"\b(do you (have|sell|carry|stock|got)|have you got|looking for|search(ing)? for|find me|find|look up)\b",
        ),
        (3, r"\b(how much (is|are|does|do|for)|price of|cost of|what does .* cost|in stock|available)\b"),
        (2, r"^(any|are there any|is there any|got any|have you any)\b"),
        (1, r"\b(any|some)\b"),
    ],
    "place": [
        (4, r"^(please )?(order|buy|purchase|get me|grab me|reorder|add)\b"),
        (
            4,
            r"\b(i would like|i want|i will take|i need|i wanna|can i (get|have|order|buy)|could i (get|order|buy)|"
            r"let me (get|order|buy)|please (order|buy|get)|can you (order|buy|get)|could you (order|buy|get)|"
            r"place an order|make an order|put in an order|buy it again|order it again|order another)\b",
        ),
        (3, r"\b(to|and) (order|buy|purchase)\b"),
        (2, r"\b(order|buy|purchase)\b (an?|the|some|\d+|another|more|it|this|that|one)\b"),
    ],
    "knowledge": [
        (
            2,
            r"\b(shipping|delivery|deliveries|ship|covered|stopped working|faulty|points|price (dropped|drop|went down|is lower)|"
            r"difference back|refund the difference|chats?|conversations?|cookies|tax|sales tax|coupon|promo code)\b",
        ),
        (
            3,
            r"\b(return|returns|refund|exchange|warranty|guarantee|shipping (cost|fee|time|option|policy)|"
            r"ship to|free shipping|deliver to|delivery (time|options|fee)|payment|pay with|pay by|pay in|"
            r"installments?|paypal|gift cards?|loyalty|points|rewards?|tier|privacy|personal (data|information)|"
            r"my data|delete my|cookies|price match|price adjustment|care for|clean|wash|maintain|descale|"
            r"defective|broken|damaged|policy|policies|how long do i have|how many days)\b",
        ),
        (1, r"\b(can i|do you|how do|how does|how long|is there|what is your|what are your|are there)\b"),
    ],
    "refund": [
        (
            4,
            r"\b(issue|give|process|make|send|grant|do|want|need) (a |an |the |my |them a |him a |her a )?(full |partial )?refund\b",
        ),
        (4, r"\brefund (me|him|her|them|the customer|customer|my|their|this|that|the order)\b"),
    ],
    "greeting": [(3, r"^(hi|hello|hey|good (morning|afternoon|evening)|howdy|yo)\b[ !.,]*(there)?[ !.,]*$")],
    "thanks": [(3, r"^(thanks|thank you|thx|ty|cheers|great,? thanks|perfect,? thanks)\b")],
    "help": [
        (3, r"\b(what can you do|how can you help|what do you do|help me\??$|^help$|what are you for)\b")
    ],
    "meta": [
        (
            5,
            r"\b(system prompt|your (instructions|prompt|rules|guidelines|configuration|tools|functions|api)|"
            r"initial prompt|hidden (prompt|instructions)|what (tools|functions|apis) (do you|can you)|"
            r"repeat (everything|the text) above|print your|reveal)\b",
        ),
    ],
    "other_person": [
        (
            5,
            r"\b(another|other|different|somebody else's|someone else's) (customer|user|account|person|people)s?\b",
        ),
        (5, r"\b(someone else|somebody else|other customers|other people|all customers|every customer)\b"),
        (
            5,
            r"\bmy (wife|husband|partner|friend|mom|mum|mother|dad|father|son|daughter|brother|sister|boss|"
            r"neighbou?r|colleague|roommate)('s)?\b",
        ),
        (5, r"\b(customer|user|account) (id )?c ?\d{3,5}\b"),
        (4, r"\b[a-z]+'s (orders?|purchases?|account|history)\b"),
    ],
    "affirm": [
        (
            3,
            r"^(yes|yeah|yep|yup|sure|ok|okay|alright|please do|do it|go ahead|go for it|sounds good|confirm|"
            r"that one|correct|right|absolutely|of course|definitely)\b",
        ),
    ],
    "deny": [(3, r"^(no|nope|nah|never ?mind|forget it|do not|cancel that|stop|not now|no thanks)\b")],
    "more": [
        (3, r"\b(show|see|get|list) (me )?(more|older|the rest|next page|earlier)\b|^(more|older ones?)\b"),
        (
            3,
            r"\b((the )?ones before (that|those)|before that|older ones|earlier ones|previous ones|next ones|keep going)\b",
        ),
    ],
}
_COMPILED = {concept: [(w, re.compile(p)) for w, p in cues] for concept, cues in CUES.items()}


@dataclass(frozen=True)
class ConceptScores:
    scores: dict[str, float]

    def get(self, concept: str) -> float:
        return self.scores.get(concept, 0.0)

    def best(self, among: tuple[str, ...]) -> str | None:
        ranked = sorted(((self.get(c), c) for c in among if self.get(c) > 0), reverse=True)
        return ranked[0][1] if ranked else None


def detect(text: str) -> ConceptScores:
    scores = {}
    for concept, cues in _COMPILED.items():
        total = sum(weight for weight, pattern in cues if pattern.search(text))
        if total:
            scores[concept] = total
    # "what did I order" is history, not a new order; "order status" is status.
    if scores.get("history", 0) >= 3 and re.search(r"\b(did|have) i\b|\b(i have|i) (bought|ordered)\b", text):
        scores.pop("place", None)
    if scores.get("status", 0) >= 3:
        scores["place"] = max(0.0, scores.get("place", 0) - 3)
    if scores.get("cancel", 0) >= 3:
        scores.pop("place", None)
    return ConceptScores({k: v for k, v in scores.items() if v > 0})
