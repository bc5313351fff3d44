"""The one renderer: cross-links, table of contents, sanitizing."""

from __future__ import annotations

import pytest

from pathways.rendering import Target, plain_text, render_markdown
from pathways.rendering.sanitize import ALLOWED_TAGS
from tests.htmlcheck import parse_tags

SLUGS = {
    "methadone": Target("article", "Methadone", "/articles/methadone/", True),
    "stabilization": Target("stage", "Stabilization", "/pathway/stabilization/", True),
    "heroin": Target("substance", "Heroin", "/substances/heroin/", True),
    "tolerance": Target(
        "term", "Tolerance", "/glossary/#tolerance", True, definition='Needing more "of" it.'
    ),
    "secret-draft": Target("article", "Secret draft", "/articles/secret-draft/", False),
}


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("[[methadone]]", '<a href="/articles/methadone/" rel="noopener noreferrer">Methadone</a>'),
        ("[[methadone|this medicine]]", ">this medicine</a>"),
        ("[[stabilization]]", 'href="/pathway/stabilization/"'),
        ("[[heroin]]", 'href="/substances/heroin/"'),
        ("[[ methadone | spaced ]]", ">spaced</a>"),
        (
            "[[tolerance]]",
            'class="glossary-link" href="/glossary/#tolerance" '
            'title="Needing more &quot;of&quot; it." rel="noopener noreferrer">Tolerance</a>',
        ),
        ("[[secret-draft]]", "<p>Secret draft</p>"),
        ("[[secret-draft|the draft]]", "<p>the draft</p>"),
        ("[[no-such-page]]", "<p>no-such-page</p>"),
        ("[[no-such-page|a label]]", "<p>a label</p>"),
        ("`[[methadone]]`", "<code>[[methadone]]</code>"),
        ("[plain](https://www.samhsa.gov/)", 'href="https://www.samhsa.gov/"'),
    ],
)
def test_render_markdown_resolves_links(markdown: str, expected: str) -> None:
    assert expected in render_markdown(markdown, SLUGS).html


@pytest.mark.parametrize(
    ("markdown", "links", "missing"),
    [
        ("[[methadone]] and [[heroin]] and [[methadone]]", ["methadone", "heroin"], []),
        ("[[secret-draft]]", ["secret-draft"], []),
        ("[[nope]] [[methadone]]", ["methadone"], ["nope"]),
        ("no links", [], []),
    ],
)
def test_render_markdown_reports_link_targets(
    markdown: str, links: list[str], missing: list[str]
) -> None:
    rendered = render_markdown(markdown, SLUGS)
    assert rendered.links == links
    assert rendered.missing == missing


def test_table_of_contents_lists_second_and_third_level_headings() -> None:
    rendered = render_markdown("## What happens\n\ntext\n\n### In detail\n\n#### Deeper", SLUGS)
    assert '<a href="#what-happens"' in rendered.toc_html
    assert '<a href="#in-detail"' in rendered.toc_html
    assert "deeper" not in rendered.toc_html
    assert '<h2 id="what-happens">' in rendered.html


def test_body_without_headings_has_no_table_of_contents() -> None:
    assert render_markdown("Just a paragraph.", SLUGS).toc_html == ""


def test_a_level_one_heading_becomes_level_two() -> None:
    html = render_markdown("# Title again\n\nText", SLUGS).html
    assert "<h1" not in html
    assert '<h2 id="title-again">Title again</h2>' in html


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[click](vbscript:msgbox(1))",
        '<a href="javascript:alert(1)">x</a>',
        '<p style="background:url(javascript:alert(1))">x</p>',
        '<div onclick="alert(1)">x</div>',
        "<iframe src='https://example.com'></iframe>",
        '<svg onload="alert(1)"></svg>',
        "[x][ref]\n\n[ref]: javascript:alert(1)",
        '![x](javascript:alert(1) "t")',
        "[[methadone|<script>alert(1)</script>]]",
        '[[methadone|" onmouseover="alert(1)]]',
        "<object data='x.swf'></object>",
        "<form action='https://evil.example'><input></form>",
    ],
)
def test_render_markdown_removes_xss_payloads(markdown: str) -> None:
    html = render_markdown(markdown, SLUGS).html
    for tag, attrs in parse_tags(html):
        assert tag in ALLOWED_TAGS, (markdown, html)
        for name, value in attrs:
            assert not name.startswith("on") and name != "style", (markdown, html)
            scheme = (value or "").strip().lower().split(":", 1)[0]
            assert scheme not in {"javascript", "vbscript", "data"}, (markdown, html)


def test_plain_text_keeps_block_breaks_and_drops_markup() -> None:
    html = render_markdown("## Heading\n\n- one\n- two\n\nA &amp; B", SLUGS).html
    assert plain_text(html) == "Heading. one. two. A & B."


@pytest.mark.parametrize(
    ("title", "inline"),
    [
        ("Partial agonist", "partial agonist"),
        ("Return to use", "return to use"),
        ("Take-home doses", "take-home doses"),
        ("HIV", "HIV"),
        ("Good Samaritan law", "Good Samaritan law"),
        ("SMART Recovery", "SMART Recovery"),
        ("Opioid treatment program (OTP)", "opioid treatment program (OTP)"),
        ("Medicaid", "Medicaid"),
        ("DSM-5", "DSM-5"),
    ],
)
def test_glossary_links_read_naturally_mid_sentence(title: str, inline: str) -> None:
    from pathways.publishing.maps import inline_title

    assert inline_title("term", title) == inline
    assert inline_title("article", title) == title
