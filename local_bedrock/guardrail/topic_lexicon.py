"""Vocabulary behind the denied-topic matcher.

`CONCEPTS`: groups of words that name the same subject. When any word of a group occurs in a
topic's name, definition or examples, the whole group becomes cues for that topic, so a topic
defined with "cryptocurrencies" also catches "Ethereum" and one defined with "medication" catches
"ibuprofen". Groups only widen topics the policy defines; they never create one.

`WEAK`: words that also belong to ordinary shopping talk ("return", "stock", "gold", "court",
"party", "treatment", "sleeping" bag, "medicine" cabinet), matched by stem. They count as weak
evidence only, except for the inflections in `STRONG_FORMS`.

`PRODUCT_WORDS` and `SHOPPING_CUES`: signs that a message is about buying things here. A topic
then needs stronger evidence, so "can I pay with Bitcoin?" or "I want to invest in good running
shoes" stay shopping requests while "should I invest in Bitcoin?" is investment advice.
"""

from __future__ import annotations

CONCEPTS: tuple[tuple[str, ...], ...] = (
    (
        "invest", "investing", "investment", "investments", "investor", "portfolio", "dividend",
        "dividends", "stock market", "stocks", "shares", "etf", "etfs", "401k", "ira", "roth",
        "hedge fund", "mutual fund", "index fund", "index funds", "bull market", "bear market",
        "day trading", "brokerage", "forex", "bonds", "treasury bonds", "crypto", "cryptocurrency",
        "cryptocurrencies", "bitcoin", "btc", "ethereum", "eth", "dogecoin", "solana", "altcoin",
        "altcoins", "nft", "nfts", "nasdaq", "dow jones", "financial advice", "financial advisor",
        "retirement savings", "compound interest", "returns", "tesla shares", "gold price",
        "real estate", "interest rates", "earnings", "stock picks", "trading stocks",
    ),
    (
        "medicine", "medication", "medications", "medical", "dosage", "dosages", "dose", "doses",
        "prescription", "prescribe", "diagnose", "diagnosing", "diagnosis", "symptom", "symptoms",
        "illness", "illnesses", "disease", "doctor", "physician", "cure", "migraine", "headache",
        "fever", "flu", "covid", "infection", "antibiotic", "antibiotics", "ibuprofen", "aspirin",
        "acetaminophen", "tylenol", "advil", "paracetamol", "antidepressant", "antidepressants",
        "insulin", "diabetes", "cancer", "tumor", "blood pressure", "chest pain", "rash",
        "pregnant", "pregnancy", "overdose", "side effects", "painkiller", "painkillers",
        "health condition", "asthma", "cholesterol", "surgery", "sleeping pills", "pills",
        "anxiety", "depression", "therapy", "sick", "treatment", "treat", "pain", "hurts",
        "breathe", "melatonin", "vaccine", "allergic reaction", "infected",
    ),
    (
        "politics", "political", "politician", "politicians", "party", "parties", "election",
        "elections", "vote", "voting", "voter", "ballot", "candidate", "candidates", "president",
        "presidential", "senator", "senate", "congress", "governor", "democrat", "democrats",
        "democratic", "republican", "republicans", "gop", "liberal", "liberals", "conservative",
        "conservatives", "left wing", "right wing", "socialism", "communism", "trump", "biden",
        "obama", "abortion", "gun control", "immigration", "government", "parliament",
        "prime minister", "impeachment", "maga",
    ),
    (
        "lawsuit", "lawsuits", "sue", "suing", "sued", "lawyer", "lawyers", "attorney", "court",
        "legal", "law", "laws", "judge", "litigation", "small claims", "cease and desist",
        "legal action", "legal advice", "landlord", "tenant", "eviction", "custody", "divorce",
        "settlement", "liable", "liability", "plaintiff", "defendant", "press charges",
        "wrongful termination", "defamation", "libel", "slander", "legal threat", "threat letter",
        "employer", "lease", "contract", "legally", "evict", "evicted",
    ),
    (
        # School work handed in as one's own. Subjects ("algebra", "chemistry") are not here: a
        # subject alone is a book someone looks for, not homework.
        "homework", "assignment", "assignments", "coursework", "schoolwork", "worksheet",
        "worksheets", "essay", "essays", "quiz", "quizzes", "exam", "exams", "midterm", "midterms",
        "book report", "lab report", "term paper", "problem set", "plagiarism", "plagiarize", "submit",
        "teacher", "professor", "class", "test", "solutions", "answers",
    ),
)  # fmt: skip

# Instances of one kind within a concept group, which a model's answer may list under one heading
# ("cryptocurrencies such as Bitcoin or Ethereum"): in outputs, a list of them counts as the one
# subject it is (topics._Topic._single). A drug and the illness it treats are not of one kind: an
# answer naming both gives advice, and each counts (round 27, after round 26 counted the whole
# medical group once and let "I recommend aspirin for your migraine" through).
ALIKE: tuple[tuple[str, ...], ...] = (
    (
        "crypto",
        "cryptocurrency",
        "cryptocurrencies",
        "bitcoin",
        "btc",
        "ethereum",
        "eth",
        "dogecoin",
        "solana",
        "altcoin",
        "altcoins",
    ),
)

WEAK: frozenset[str] = frozenset(
    [
        "advice", "always", "ask", "best", "better", "bond", "buy", "chest", "cold", "company", "condition",
        "contested", "contract", "court", "dispute", "earn", "economy", "employer", "fund", "get", "give",
        "gold", "good", "health", "heart", "help", "index", "issue", "law", "legal", "letter", "make",
        "medicine", "money", "neighbour", "neighbor", "next", "opinion", "party", "person", "personal",
        "personalized", "pill", "product", "question", "recommend", "return", "sale", "savings", "sell",
        "share", "sick", "sleeping", "social", "stock", "store", "take", "therapy", "thirsty", "think",
        "time", "trading", "treat", "treatment", "win", "write", "class", "test", "teacher", "professor",
        "submit", "quiz", "solution"
    ]
)  # fmt: skip

# Inflected forms that are strong although their stem is weak: "stocks", "bonds", "shares" and
# "earnings" are investment talk; "stock" is inventory, "bond" is paper, "share" is a verb.
STRONG_FORMS: frozenset[str] = frozenset(
    [
        "stocks", "bonds", "earnings", "shares"
    ]
)  # fmt: skip

PRODUCT_WORDS: frozenset[str] = frozenset(
    [
        "headphones", "earbuds", "speaker", "speakers", "laptop", "laptops", "tablet", "tablets", "phone",
        "charger", "cable", "camera", "drone", "tv", "television", "monitor", "keyboard", "mouse",
        "printer", "ink", "toner", "paper", "notebook", "pen", "pens", "pencils", "stapler", "folders",
        "binder", "desk", "chair", "lamp", "pan", "pans", "pot", "pots", "skillet", "knife", "knives",
        "blender", "mixer", "kettle", "toaster", "fryer", "coffee", "espresso", "mug", "plates", "cookware",
        "cabinet", "organizer", "shelf", "towel", "towels", "sheets", "pillow", "blanket", "mattress",
        "rug", "tent", "tents", "backpack", "sleeping", "bag", "bike", "bicycle", "helmet", "ball",
        "basketball", "football", "soccer", "tennis", "racket", "yoga", "mat", "dumbbells", "treadmill",
        "grill", "cooler", "kayak", "boots", "shoes", "sneakers", "jacket", "coat", "shirt", "dress",
        "jeans", "socks", "hat", "gloves", "scarf", "book", "books", "novel", "biography", "cookbook",
        "toy", "toys", "puzzle", "lego", "doll", "game", "games", "crayons", "shampoo", "conditioner",
        "lotion", "makeup", "lipstick", "perfume", "sunscreen", "brush", "bag", "dog", "cat", "puppy",
        "kitten", "leash", "collar", "litter", "food", "treats", "bowl", "aquarium", "gift", "card", "pad",
        "kit", "supplies", "thermometer", "earrings", "necklace", "bracelet", "watch", "batteries", "bulb",
        "suit", "costume"
    ]
)  # fmt: skip

SHOPPING_CUES: tuple[str, ...] = (
    r"in stock", r"add (?:it |this |that |them )?to (?:my )?cart",
    r"do you (?:sell|have|carry|stock|ship)", r"pay (?:with|by|using|for)",
    r"ship(?:s|ping|ped)?\b", r"deliver(?:y|ed)?", r"\border(?:s|ed)?\b", r"purchase",
    r"return policy", r"refund", r"warranty", r"discount", r"coupon", r"on sale", r"\bsale\b",
    r"\$\s?\d", r"\bprice", r"looking for (?:a|an|some)", r"gift for",
    r"recommend (?:a|an|some|me)", r"loyalty|rewards? points", r"\baccept(?:ed|s)?\b",
    r"\bpayments?\b", r"checkout",
    # "do you guys take bitcoin?", "y'all take amex?": which means of payment the shop takes
    # (round 17), as "accept" above.
    r"\b(?:you|u|y'?all|ya'?ll|guys|folks) (?:still )?take\b",
    # "can I pay in bitcoin?", "is it ok for paying", "settle up with": a means of payment asked
    # after, not money paid in to an account ("paying in to my pension"; round 27); "upsell",
    # "cross-sell": selling to a customer here (round 26).
    r"\bpay(?:ing)? in\b(?! ?to (?:my |a |an |the |our )?(?:pension|savings|isa|fund|retirement)\b)",
    r"\bfor paying\b", r"\bsettle (?:up )?with\b", r"\b(?:up|cross)-?sell",
)  # fmt: skip
