"""Everyday words -> the policies' words: query expansion for the word-based local retriever.

Bedrock's knowledge base embeds questions and passages (Titan), so "kibble" meets "pet food" and
"my package hasn't moved" meets "no movement for 5 business days". BM25 only meets equal words. This
lexicon is the local stand-in for that part of the embeddings' world knowledge: a hand-written,
general list of how customers name things the policies name otherwise, grouped by topic. It is an
approximation with known limits (a word not listed finds nothing), which is why the evaluation
reports the local retriever's figures separately from a deployed knowledge base's.

A key is matched on the question's words Porter2-stemmed with the stop words kept (so "hasn't
moved" is not "moved"); a key matches its inflections. The expansion is folded with
``textnorm.terms`` like any query, and added with a lower weight than the user's own words.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cached_property

from textnorm import stem, terms, words

EVERYDAY: dict[str, str] = {
    # ---------------------------------------------------------------- returns and refunds
    "send back": "return",
    "bring back": "return",
    "take back": "return",
    "give back": "return",
    "money back": "refund",
    "all my money": "refund full price fee",
    "reimburse": "refund",
    "changed my mind": "return",
    "doesn't fit": "return exchange size",
    "swap": "exchange size colour model",
    "bigger size": "exchange size",
    "smaller size": "exchange size",
    "printer": "print label QR code",
    "kibble": "pet food",
    "dog food": "pet food",
    "cat food": "pet food",
    "treats": "pet treats",
    "lipstick": "beauty cosmetics personal care",
    "mascara": "beauty cosmetics",
    "makeup": "beauty cosmetics",
    "perfume": "fragrances beauty",
    "cologne": "fragrances",
    "moisturizer": "beauty cosmetics personal care",
    "lotion": "beauty personal care",
    "shampoo": "personal care",
    "deodorant": "personal care",
    "swimsuit": "swimwear",
    "bikini": "swimwear",
    "trunks": "swimwear",
    "bra": "underwear",
    "boxers": "underwear",
    "sneakers": "shoes",
    "trainers": "shoes",
    "boots": "shoes",
    "sandals": "shoes",
    "shirt": "clothing",
    "jacket": "clothing jackets",
    "jeans": "clothing",
    "dress": "clothing",
    "sweater": "clothing",
    "hoodie": "clothing",
    "airpods": "earbuds in-ear headphones",
    "headset": "headphones",
    "monogram": "personalized engraved",
    "custom name": "personalized engraved",
    "download code": "digital downloads software licence keys activated",
    "game code": "digital downloads activated",
    "license key": "software licence keys",
    "subscription": "subscriptions activated",
    "cracked": "damaged defective",
    "smashed": "damaged",
    "dented": "damaged",
    "arrived broken": "damaged defective arrives",
    "wrong item": "wrong not what you ordered",
    "highlighted": "highlighting writing",
    "written in": "writing",
    "weighs a ton": "large items freight",
    "heavy": "large freight",
    # ---------------------------------------------------------------- shipping and delivery
    "package": "parcel",
    "packages": "parcels",
    "box": "parcel",
    "hasn't moved": "tracking no movement carrier trace",
    "not moved": "tracking no movement carrier trace",
    "stuck": "no movement late",
    "missing": "lost parcel",
    "late": "late estimated delivery",
    "delayed": "late past estimated delivery",
    "next day": "overnight next business day",
    "normal": "standard",
    "regular": "standard",
    "tomorrow": "overnight next business day",
    "fast": "expedited overnight",
    "faster": "expedited upgrade delivery option",
    "express": "expedited",
    "abroad": "other countries",
    "international": "other countries",
    "canada": "other countries",
    "mexico": "other countries",
    "europe": "other countries",
    "uk": "other countries",
    "australia": "other countries",
    "honolulu": "hawaii",
    "maui": "hawaii",
    "oahu": "hawaii",
    "kauai": "hawaii",
    "hilo": "hawaii",
    "anchorage": "alaska",
    "juneau": "alaska",
    "fairbanks": "alaska",
    "san juan": "puerto rico",
    "stationed": "military APO FPO DPO",
    "sofa": "furniture freight",
    "couch": "furniture freight",
    "armchair": "furniture freight",
    "mattress": "furniture freight",
    "wardrobe": "furniture freight",
    "fridge": "large heavy freight",
    "washing machine": "large heavy freight",
    "carry": "in-home delivery",
    "inside": "in-home delivery",
    "leave warehouse": "processing leave warehouse",
    "went out": "shipped",
    "i moved": "change delivery address",
    "new address": "change delivery address",
    "new place": "change delivery address",
    "sign": "signature",
    "two boxes": "more than one parcel",
    "separate boxes": "more than one parcel",
    "cart": "order shipping free",
    "nothing at my door": "delivered cannot find parcel",
    # ---------------------------------------------------------------- warranty and protection
    "broke": "defect stopped working guarantee warranty",
    "broken": "defect stopped working guarantee warranty",
    "died": "defect stopped working guarantee warranty",
    "dead": "defect stopped working",
    "stopped working": "defect guarantee warranty",
    "doesn't work": "defect stopped working",
    "not working": "defect stopped working",
    "faulty": "defective defect",
    "won't turn on": "defect stopped working",
    "drop": "accidental damage drops plus",
    "dropped": "accidental damage drops plus",
    "spilled": "accidental damage spills",
    "cracked screen": "cracked screens accidental damage plus",
    "stolen": "lost stolen",
    "scratch": "cosmetic damage scratches",
    "dent": "cosmetic damage dents",
    "extended warranty": "protection plan",
    "insurance": "protection plan",
    "coverage": "protection plan covered",
    "covered": "warranty guarantee protection plan",
    "half as long": "battery capacity",
    "battery life": "battery capacity",
    "third time": "same failure three times",
    "same way": "same failure",
    "repair": "repairs claim",
    "fix": "repair claim",
    "open box": "open-box",
    "bike": "bicycles",
    # ---------------------------------------------------------------- loyalty
    "rewards": "loyalty points",
    "reward points": "loyalty points",
    "worth": "points $1 value",
    "how much money": "points worth $1",
    "become gold": "tier gold spend 12 months",
    "level": "tier",
    "lose gold": "tier keep following calendar year",
    "spending dropped": "tier keep following calendar year",
    "give my points": "points transferred",
    "transfer": "transferred",
    "review": "product review photo bonus points",
    "birthday": "birthday bonus points",
    "use my points": "redeem points",
    "pay with points": "redeem points",
    "run out": "expire",
    "balance": "points balance rewards",
    # Becoming a member, and what one shows to do it (round 20): general English for joining.
    "register": "join account membership",
    "registration": "join account membership",
    "enrol": "join membership",
    "documents": "ID proof",
    "paperwork": "ID proof",
    # ---------------------------------------------------------------- changing and cancelling orders
    "forgot": "add items existing order",
    "add another": "add items existing order",
    "in one go": "quantities limited units per order",
    "at once": "quantities limited units per order",
    "at the same time": "items on loan at a time",
    "simultaneous": "on loan at a time",
    "concurrently": "on loan at a time",
    "maximum": "quantities limited",
    "confirm twice": "confirmation sent twice one order",
    "hit confirm": "confirm confirmation",
    "release date": "pre-orders release date",
    "preorder": "pre-orders",
    "gift wrap": "gift wrapping",
    "refuse": "refuse delivery",
    "one box": "several parcels first parcel ships",
    "the rest": "several parcels",
    "still shows": "authorization released",
    "on hold": "authorization temporary hold",
    # ---------------------------------------------------------------- payment
    "bitcoin": "cryptocurrencies",
    "crypto": "cryptocurrencies",
    "ethereum": "cryptocurrencies",
    "amex": "American Express",
    "split": "installments Pay in 4",
    "smaller payments": "installments Pay in 4",
    "payment plan": "installments Pay in 4",
    "pay later": "installments Pay in 4",
    "pay over time": "installments Pay in 4",
    "late payment": "late installment",
    "pending charge": "authorization temporary hold charge ships",
    "expired": "payment cannot be authorized update payment method",
    "declined": "card declined",
    "nonprofit": "tax-exempt organizations exemption certificate",
    "charity": "tax-exempt organizations exemption certificate",
    "two cards": "one card",
    "two different credit cards": "one card",
    "don't recognise": "charge you do not recognise",
    "don't recognize": "charge you do not recognise",
    "bill": "invoice receipt",
    "tax number": "tax id invoice",
    "cheque": "checks",
    "cash": "cash on delivery",
    # ---------------------------------------------------------------- price match
    "cheaper": "lower price match price adjustment",
    "price drop": "price adjustment",
    "price dropped": "price adjustment",
    "went down": "price drops price adjustment",
    "difference": "price adjustment refund difference",
    "another store": "other retailer match",
    "other store": "other retailer match",
    "big store": "major retailer",
    "competitor": "other retailer match",
    "walmart": "retailer match",
    "target": "retailer match",
    "best buy": "retailer match",
    "amazon": "retailer match marketplace",
    "doorbuster": "limited-time deals",
    "flash sale": "limited-time deals lightning deals",
    "ebay": "marketplace auction",
    "units": "limits units",
    "lower the price": "cannot change prices",
    "canadian": "other currencies outside United States",
    "foreign": "other currencies outside United States",
    # ---------------------------------------------------------------- privacy
    "chat": "conversation transcripts purchase assistant",
    "chats": "conversation transcripts purchase assistant",
    "chat logs": "conversation transcripts",
    "sell my data": "sell personal data",
    "flog": "sell",  # British English (round 20)
    "suggestions": "personalized recommendations",
    "erase": "deletion delete account",
    "forget me": "deletion delete account",
    "copy": "access export data",
    "everything you have": "access export data",
    "support people": "support staff",
    "california": "privacy laws verified requests",
    "pages i looked at": "usage data",
    "browsing": "usage data",
    "phone number": "masked",
    "kid": "children",
    "son": "children",
    "daughter": "children",
    "year-old": "children age",
    "password": "never ask password report",
    "scam": "never ask report",
    "husband": "other customers data",
    "wife": "other customers data",
    # ---------------------------------------------------------------- product care
    "charge my phone": "lithium-ion batteries charge",
    "battery lasts": "lithium-ion batteries charge",
    "swelling": "battery swells hot stop using",
    "puffy": "battery swells stop using",
    "bulging": "battery swells stop using",
    "skillet": "cast iron cookware pan",
    "frying pan": "cookware pan",
    "rusty": "cast iron re-season",
    "sticking": "re-season stick",
    "spatula": "utensils",
    "limescale": "descale",
    "coffee machine": "coffee makers espresso machines descale",
    "soaked": "wet dry mildew",
    "rained": "wet dry",
    "brakes": "bicycles brakes checked",
    "tires": "tyre pressure",
    "rain jacket": "technical jackets water repellency",
    "waterproof": "water repellency",
    "keep water out": "water repellency",
    "jar symbol": "period after opening",
    "12m": "period after opening months",
    "toddler": "children under 3 small parts",
    "2-year-old": "children under 3 small parts",
    "baby": "children under 3",
    "cartridges": "printer ink inkjet nozzles",
    "drying out": "dry out nozzles",
    "knife": "kitchen knives",
    "off-brand charger": "wrong power supply certified replacement charger",
    "cheap charger": "wrong power supply certified replacement charger",
    # ---------------------------------------------------------------- a library's words (round 26)
    "waitlist": "holds queue",
    "reservation": "holds pre-orders",  # a library's holds, a shop's pre-orders
    "printout": "printing",
    "e book": "ebooks",
    "e books": "ebooks",
    "have out": "items on loan",
    "checked out": "items on loan",
    "print out": "printing",
    "thanksgiving": "federal holidays closed",
    "fourth of july": "federal holidays closed",
    "independence day": "federal holidays closed",
    "memorial day": "federal holidays closed",
    "labor day": "federal holidays closed",
    # ---------------------------------------------------------------- what kind of answer is wanted
    "how long": "days within",
    "how soon": "days within",
    "cost": "price fee",
}


# Words that may stand inside a phrasal verb without changing it ("bring *it* back", "send *them* back").
OBJECT_PRONOUNS = frozenset("it them this that these those".split())


class Lexicon:
    """Phrase -> expansion, matched on folded terms."""

    def __init__(self, entries: Mapping[str, str] = EVERYDAY) -> None:
        self.entries = dict(entries)

    @cached_property
    def _folded(self) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        return [(_key(phrase), tuple(terms(expansion))) for phrase, expansion in self.entries.items()]

    def _found(self, query: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        """(the query's words a phrase matched, the phrase's expansion) for every phrase found. A
        phrase also matches with an object pronoun inside it: "bring it back" is "bring back"."""
        spoken = words(query)
        stems = [stem(w) for w in spoken]
        readings = [list(range(len(spoken))), [i for i, w in enumerate(spoken) if w not in OBJECT_PRONOUNS]]
        stemmed = [(positions, [stems[i] for i in positions]) for positions in readings]
        said_any = set(stems)
        found = []
        for key, expansion in self._folded:
            if key and key[0] not in said_any:  # the phrase's first word is not in the query at all
                continue
            width = len(key)
            for positions, said in stemmed:
                spans = [
                    positions[i : i + width]
                    for i in range(len(said) - width + 1)
                    if tuple(said[i : i + width]) == key
                ]
                if spans:
                    found.append((tuple(spoken[i] for i in spans[0]), expansion))
                    break
        return found

    def expand(self, query: str) -> dict[str, float]:
        """Index terms to add for the phrases found in ``query`` (none already among its terms),
        each with its share of its phrase's weight: a phrase adds 1 / sqrt(n) per term of an n-term
        expansion, so a long expansion does not outweigh the words the user said."""
        present = set(terms(query))
        added: dict[str, float] = {}
        for _, expansion in self._found(query):
            if not expansion:
                continue
            share = 1 / math.sqrt(len(expansion))
            for term in expansion:
                if term not in present:
                    added[term] = max(added.get(term, 0.0), share)
        return added

    def meanings(self, query: str) -> list[frozenset[str]]:
        """The expansion of each phrase found in ``query``, one entry per phrase (a phrase that
        means "overnight next business day" is one thing said, not four)."""
        return [frozenset(expansion) for _, expansion in self._found(query) if expansion]

    def covered(self, query: str) -> set[str]:
        """The terms of ``query`` that are part of a phrase of several words the lexicon knows ("run
        out", "bring it back"): the phrase means its expansion, not its words ("run" is not about
        running the loyalty program, "back" not about money going back)."""
        return {
            term
            for matched, expansion in self._found(query)
            if expansion and len(matched) > 1
            for term in terms(" ".join(matched))
            if term not in expansion  # a word its meaning repeats ("credit cards" -> "one card") stays
        }


def _key(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in words(text))
