"""Characters no text read from a file may hold: the control characters a terminal acts on."""

from __future__ import annotations

import re

__all__ = ["CONTROL", "CONTROL_CODES", "find_control"]

#: C0 and C1 control characters and DEL, except tab, newline and carriage return: escape sequences, the
#: bell, NUL ... no name, quote or note has a reason to hold one, and printed they retitle or clear a terminal
CONTROL_CODES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0D} | frozenset(range(0x7F, 0xA0))
#: one of them in text
CONTROL = re.compile("[" + "".join(f"\\x{c:02x}" for c in sorted(CONTROL_CODES)) + "]")

# In bytes of a file, a control character is raw (a C0 byte or DEL; a C1 character is two bytes of
# UTF-8), or escaped as RDF syntaxes and JSON write it (\u001B, \U0000001B) or as XML does (&#27; &#x1B;).
# Each pattern starts with a fixed byte, so the regex engine skips ahead by a fast search: a scan costs
# a few hundred milliseconds for 100 MB (an alternation of them all took 16 s).
_ASCII_OK = bytes(c for c in range(0x80) if c not in CONTROL_CODES)
_ASCII_CONTROL = [bytes([c]) for c in sorted(CONTROL_CODES) if c < 0x80]
_C1 = re.compile(rb"\xc2[\x80-\x9f]")
_ESCAPED = re.compile(rb"\\(?:u|U0000)(00[0-9A-Fa-f]{2})")
_REFERENCE = re.compile(rb"&#(?:[xX]([0-9A-Fa-f]+)|([0-9]+));")


def find_control(data: bytes) -> tuple[int, int] | None:
    """Where the first control character in some bytes is (its offset), and which (its code point).

    >>> find_control(b'<a> <b> "fine \\\\u00e9t\\xc3\\xa9" .')
    >>> find_control(b'<a> <b> "esc \\\\u001B]0;pwned" .')
    (13, 27)
    >>> find_control(b'<a> <b> "a backslash, then u001B: \\\\\\\\u001B" .')
    """
    found: list[tuple[int, int]] = []
    rest = data.translate(None, _ASCII_OK)  # what is left: control bytes, and the bytes of non-ASCII text
    if rest and rest.translate(None, bytes(range(0x80, 0x100))):
        at = min(i for i in (data.find(code) for code in _ASCII_CONTROL) if i >= 0)
        found.append((at, data[at]))
    if b"\xc2" in rest and (c1 := _C1.search(data)):
        found.append((c1.start(), data[c1.start() + 1]))
    if b"\\" in data:
        for escape in _ESCAPED.finditer(data):
            code = int(escape.group(1), 16)
            if code in CONTROL_CODES and _escapes(data, escape.start()):
                found.append((escape.start(), code))
                break
    if b"&#" in data:
        for reference in _REFERENCE.finditer(data):
            digits = reference.group(1) or reference.group(2)
            code = int(digits, 16 if reference.group(1) else 10) if len(digits) < 9 else -1
            if code in CONTROL_CODES:
                found.append((reference.start(), code))
                break
    return min(found) if found else None


def _escapes(data: bytes, at: int) -> bool:
    """Whether the backslash at ``at`` starts an escape: "\\\\u001B" is an escaped backslash, then text."""
    start = at
    while start > 0 and data[start - 1] == 0x5C:
        start -= 1
    return (at - start) % 2 == 0
