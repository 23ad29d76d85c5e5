"""Check digits that separate real account numbers from random digit runs."""

from __future__ import annotations

_ABA_WEIGHTS = (3, 7, 1) * 3
# First two digits of valid ABA routing numbers: Federal Reserve districts, thrifts, electronic.
_ABA_PREFIXES = frozenset([*range(0, 13), *range(21, 33), *range(61, 73), 80])


def luhn_valid(digits: str) -> bool:
    """Luhn (mod 10) checksum used by payment card numbers."""
    if not digits.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def aba_routing_valid(digits: str) -> bool:
    """ABA routing transit number: 9 digits, weights 3-7-1, a known prefix."""
    if len(digits) != 9 or not digits.isdigit() or int(digits[:2]) not in _ABA_PREFIXES:
        return False
    return sum(int(d) * w for d, w in zip(digits, _ABA_WEIGHTS, strict=True)) % 10 == 0


def iban_valid(text: str) -> bool:
    """ISO 13616 IBAN: country code, two check digits, BBAN; mod 97 of the rearranged number is 1."""
    iban = text.replace(" ", "").upper()
    if not 15 <= len(iban) <= 34 or not iban.isalnum() or not iban[:2].isalpha() or not iban[2:4].isdigit():
        return False
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(char, 36)) for char in rearranged)
    return int(number) % 97 == 1
