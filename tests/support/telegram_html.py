"""Telegram's check of ``parse_mode=HTML`` text, as the real Bot API makes it.

Telegram rejects a message whose markup it cannot parse ("Bad Request: can't parse
entities: ..."): a tag it does not support, an end tag that closes nothing, a tag left
open, a link without ``href``, or a bare ``<`` or ``&`` that is not part of a tag or an
entity. The fake Bot API answers such a message with that 400, so a test sees what staff
would: the message is not delivered.
"""

from __future__ import annotations

from html.parser import HTMLParser

SUPPORTED = frozenset(
    "b strong i em u ins s strike del a code pre blockquote tg-spoiler span tg-emoji".split()
)
ENTITIES = frozenset({"lt", "gt", "amp", "quot"})


class _Check(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in SUPPORTED:
            self.errors.append(f'unsupported start tag "{tag}"')
        elif tag == "a" and not dict(attrs).get("href"):
            self.errors.append('a link without "href"')
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.errors.append(f'unmatched end tag "{tag}"')
        else:
            self.open.pop()

    def handle_entityref(self, name: str) -> None:
        if name not in ENTITIES:
            self.errors.append(f'unsupported entity "&{name};"')

    def handle_data(self, data: str) -> None:
        for char in "<&":
            if char in data:
                self.errors.append(f'a bare "{char}" in the text')

    def unknown_decl(self, data: str) -> None:
        self.errors.append("a declaration")


def html_errors(text: str) -> list[str]:
    """Why Telegram would refuse ``text`` as HTML; [] when it parses."""
    check = _Check()
    check.feed(text)
    check.close()
    if check.rawdata:
        check.errors.append("unterminated markup at the end")
    check.errors += [f'unclosed start tag "{tag}"' for tag in check.open]
    return check.errors
