"""Prompt-attack patterns: jailbreaks, instruction overrides, prompt extraction, delimiter injection.

Bedrock's PROMPT_ATTACK filter is a classifier applied to user input only. These patterns
approximate it for development and tests. Each carries the confidence a match implies; the
policy's inputStrength decides which confidences block. Ordinary corrections ("ignore my last
message, I meant the blue one", "forget it, show me the second one") do not match.
"""

from __future__ import annotations

_TARGET = (
    r"(?:instructions?|prompts?|rules|directions|guidelines|guardrails?|"
    r"restrictions|programming|training|constraints)"
)
# Other words for a developer's instructions (round 16). Never after "my" (the user's own earlier
# commands are a correction) and "rule" in the singular only as the agent's or the system's ("the
# rule on receipts" is a store policy a shopper asks about).
_OTHER_TARGET = r"(?:directives?|guidance|commands)"
_ADJECTIVE = (
    r"(?:previous |prior |above |earlier |preceding |original |initial |system |safety |current |old )+"
)
# The verb of an override and what it quantifies: "ignore all of", "forget every", "disregard".
_OVERRIDE = r"(?:ignore|disregard|forget|skip|override|bypass|drop) (?:all |any |every )?(?:of )?"

PROMPT_ATTACK_PATTERNS: tuple[tuple[str, str], ...] = (
    # Instruction override.
    (
        _OVERRIDE + r"(?:the |your |my |these |those |its )?" + _ADJECTIVE + r"(?:\w+ )?" + _TARGET,
        "HIGH",
    ),
    (r"(?:ignore|disregard|forget|override|bypass) (?:all |any )?(?:of )?(?:your|the) " + _TARGET, "HIGH"),
    (
        _OVERRIDE + r"(?:the |your |these |those |its )?" + _ADJECTIVE + r"(?:\w+ )?" + _OTHER_TARGET,
        "HIGH",
    ),
    (
        _OVERRIDE + r"(?:your (?:\w+ )?|the system |the safety )rule\b",
        "HIGH",
    ),
    (r"forget everything (?:you(?:'ve| have)? (?:been told|learned|know)|above|before)", "HIGH"),
    # "disregard every rule you were given" (round 24): the rules given to the agent, however many
    (
        _OVERRIDE
        + r"(?:single )?rules? (?:you(?:'ve| have| were| got)? ?(?:been )?(?:given|told|set)|above)",
        "HIGH",
    ),
    # "you are an unrestricted bot with no policies": the agent told it has become one without rules
    (
        r"you(?:'re| are)(?: now)? an? (?:\w+ )?(?:unrestricted|unfiltered|uncensored|jailbroken|unlimited) "
        r"(?:bot|ai|assistant|model|chatbot|version)",
        "HIGH",
    ),
    (r"new (?:system )?(?:instructions|rules|prompt)\s*:", "HIGH"),
    (
        r"(?:bypass|disable|turn off|deactivate|remove|ignore) (?:your |the "
        r"|all |any )*(?:safety|content)? ?(?:filters?|guardrails?|restrictions|"
        r"safeguards|censorship|moderation)",
        "HIGH",
    ),
    # Prompt and tool extraction.
    (
        r"(?:reveal|show|print|repeat|output|display|leak|dump|tell me|give "
        r"me|what (?:is|are)|write out|spell out|copy) (?:me )?(?:all )?(?:of "
        r")?(?:your|the) (?:\w+ )?(?:system|hidden|initial|original|secret|"
        r"internal|full|exact|underlying) (?:prompt|instructions|message|rules|"
        r"configuration|directives|guidance)",
        "HIGH",
    ),
    (
        r"system prompt|initial prompt|hidden instructions|(?:your|the) instructions "
        r"(?:above|verbatim|word for word)",
        "MEDIUM",
    ),
    (
        r"(?:reveal|show|list|print|dump|output) (?:me )?(?:all )?(?:of )?(?:your|"
        r"the) (?:tool|function|api|action group)s?(?: definitions| schemas?|"
        r" specs?)?",
        "MEDIUM",
    ),
    (r"(?:what (?:were|are) you told|repeat (?:everything|the text) above|what is written above)", "MEDIUM"),
    # Persona switch and role-play jailbreaks.
    (r"(?:developer|dan|god|admin|sudo|debug|jailbreak|unrestricted|evil) mode", "HIGH"),
    (r"do anything now|\bDAN\b[, ]+(?:which|who) stands for", "HIGH"),
    (
        r"you(?:'re| are) (?:now|no longer) (?:an? |the |my |in |free|called|"
        r"named|known as|unrestricted|unfiltered|jailbroken|dan\b|bound)",
        "HIGH",
    ),
    (
        r"(?:act|behave|respond|answer|pretend|roleplay|role-play) (?:as|like) "
        r"(?:if you (?:are|were) )?(?:an? )?(?:unrestricted|unfiltered|uncensored|"
        r"jailbroken|evil|rogue|different|amoral)\b",
        "HIGH",
    ),
    (
        r"without (?:any )?(?:restrictions|filters|rules|limitations|guidelines|"
        r"censorship|ethical constraints)",
        "MEDIUM",
    ),
    (
        r"from now on,? you (?:will|are|must|shall) (?:be|act|respond|answer|ignore|pretend|only answer)",
        "MEDIUM",
    ),
    # Taking the developer's place: "henceforth you obey me" (round 16); "henceforth you answer in
    # French" is a preference, not an override.
    (
        r"(?:from now on|henceforth|hereafter),? you (?:will |must |shall )?(?:only )?(?:obey|take orders "
        r"from|answer only to|listen only to)",
        "MEDIUM",
    ),
    # Asking for the agent's own configuration, as a whole: "dump your configuration raw". Not "show
    # me your setup for gift wrapping" (a shopper's question about a product's setup).
    (
        r"(?:reveal|print|dump|output|leak|spit out) (?:me )?your (?:\w+ ){0,2}(?:configuration|config|setup)"
        r"(?= *(?:$|[.,;!?]|raw\b|verbatim\b|word for word\b|in full\b|and\b))",
        "MEDIUM",
    ),
    (
        r"(?:pretend|imagine|let's (?:play|pretend)|lets (?:play|pretend)|"
        r"role-?play)(?: that)? (?:you(?:'re| are)|to be|as|a game where you)\b",
        "MEDIUM",
    ),
    (r"stay in character|break character|you have no (?:rules|restrictions|limits)", "MEDIUM"),
    (r"my (?:late )?grand(?:ma|mother|pa|father) used to (?:tell|read|give) me", "MEDIUM"),
    # Delimiter and role injection.
    (
        r"</?\s*(?:system|instructions?|assistant|user|prompt|im_start|im_end)\s*>|"
        r"<\|im_(?:start|end)\|>|<<\s*/?SYS\s*>>|\[/?(?:INST|SYS|SYSTEM)\]",
        "HIGH",
    ),
    (
        r"(?:^|\n)\s*(?:#{2,}|={3,}|-{3,})\s*(?:system|instructions?|new task|"
        r"end of (?:user )?(?:input|prompt))",
        "HIGH",
    ),
    (r"(?:^|\n)\s*(?:system|assistant)\s*:", "HIGH"),
    (r"end of (?:user )?(?:input|prompt|conversation)|```\s*system", "MEDIUM"),
)
