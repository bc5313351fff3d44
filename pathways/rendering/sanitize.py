"""The allow-list: the only thing that decides which HTML survives rendering."""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "ins",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "small",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id", "aria-label"},
    "div": {"tabindex", "role", "aria-label", "data-include", "id"},
    "abbr": {"title"},
    "dfn": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "li": {"id"},
    "sup": {"id"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
}
# Classes that python-markdown's admonition extension and this renderer emit.
ALLOWED_CLASSES = {
    "div": {"admonition", "note", "warning", "important", "tip", "table-scroll", "include"},
    "p": {"admonition-title"},
    "a": {"glossary-link", "broken-link"},
    "sup": {"cite"},
}
# sms: for "text 988"; tel: so every help number is a link a phone can tap.
URL_SCHEMES = {"http", "https", "mailto", "tel", "sms"}


def sanitize(fragment: str) -> str:
    """The allow-list, applied until the HTML stops changing.

    One pass can leave malformed nesting (a removed element inside a <p>)
    that a browser would re-parse differently; a second pass settles it, so
    what is stored is exactly what a browser will build.
    """
    for _ in range(3):
        cleaned = clean_once(fragment)
        if cleaned == fragment:
            break
        fragment = cleaned
    return fragment


def clean_once(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
