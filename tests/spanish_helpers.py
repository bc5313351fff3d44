"""The Spanish tests' fixture and look-ups.

`spanish_site` is the small fixture tree (tests/content/valid) with the pages
the code names by slug written beside it (the crisis pins and the overdose
steps, below), and the Spanish translations of both (tests/content/spanish/es),
loaded. The Spanish tests never read the real content/, so an editor's rename
or a new translation there never breaks them. A test module takes the fixture
with `pytest_plugins = ["tests.spanish_helpers"]`.

Each Spanish file records the hash of the English text it translates
(`source_hash`). After a change to an English text here or in
tests/content/valid, put the new hash in its translation: the fixture fails
with the names of the translations that are out of date.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pathways.content.format.translated import ALWAYS_CURRENT_BLOCK, STALE_NOTICE
from pathways.models import Status, Translation
from pathways.search.pins import CRISIS_PINS
from tests.factories import load

SPANISH = Path(__file__).parent / "content" / "spanish" / "es"

# The pages the code names, by their English slugs: a change there is followed here
# (and the Spanish file that translates it, in tests/content/spanish/es, names it too).
OVERDOSE_PAGE, NALOXONE_PAGE = CRISIS_PINS["overdose"]
SUICIDE_PAGE = CRISIS_PINS["suicide"][0]
STEPS = ALWAYS_CURRENT_BLOCK  # the block every language must have, never out of date
# An article of the small tree, translated, with no role in search or the crisis box.
ARTICLE = "medicine-basics"


def sources(first: str, second: str) -> str:
    """Two sources on the small tree's allowed domains, under these ids."""
    return (
        f"sources:\n- id: {first}\n  title: Medications for Opioid Use Disorder (TIP 63)\n"
        "  publisher: SAMHSA\n  url: https://store.samhsa.gov/product/tip-63\n"
        f"  checked: 2026-11-01\n- id: {second}\n"
        "  title: How do medications to treat opioid use disorder work?\n  publisher: NIDA\n"
        "  url: https://nida.nih.gov/publications/research-reports/medications-to-treat-opioid-addiction\n"
        "  checked: 2026-11-01\n"
    )


def page(head: str, body: str, ids: tuple[str, str] = ("s1", "s2")) -> str:
    return f"---\n{head}updated: 2026-11-01\n{sources(*ids)}status: published\n---\n\n{body}"


# English files written into the fixture tree's copy, not into tests/content/valid,
# whose files other tests count.
ROLE_PAGES = {
    f"blocks/{STEPS}.md": page(
        "title: If someone may be overdosing\n",
        "1. **Check them.** Shout their name. Look and listen: are they breathing?[^steps1]\n"
        "2. **Call [911](tel:911).** Say the person will not wake up.[^steps1]\n"
        f"3. **Give [[{NALOXONE_PAGE}]]** as soon as you have it.[^steps2]\n"
        "4. **Stay with them until help comes.**[^steps1]\n",
        # A page's own source ids must differ from those of the block it includes.
        ids=("steps1", "steps2"),
    ),
    f"articles/{OVERDOSE_PAGE}.md": page(
        "title: What to do in an overdose\nlink_text: what to do in an overdose\n"
        "summary: The steps to take when someone may be overdosing.\n",
        f"A person who will not wake up may be overdosing.[^s1][^s2]\n\n{{{{include {STEPS}}}}}\n",
    ),
    f"articles/{NALOXONE_PAGE}.md": page(
        "title: Naloxone\nlink_text: naloxone\n"
        "summary: A medicine that reverses an opioid overdose.\n",
        "Naloxone reverses an opioid overdose. Anyone can give it.[^s1][^s2]\n",
    ),
    f"articles/{SUICIDE_PAGE}.md": page(
        "title: Suicide risk and 988\nlink_text: suicide risk and 988\n"
        "summary: Where to get help when someone thinks about suicide.\n",
        "If you think about suicide, call or text [988](tel:988).[^s1][^s2]\n",
    ),
}


def write_role_pages(root: Path) -> None:
    for name, text in ROLE_PAGES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


@pytest.fixture
def spanish_site(db: None, content_tree: Path) -> Path:
    """The small tree, the pages the code names and their Spanish translations, loaded.
    Returns the tree's copy (its Spanish files are under es/)."""
    write_role_pages(content_tree)
    shutil.copytree(SPANISH, content_tree / "es")
    report = load(content_tree)
    assert report.errors == [], report.errors
    # A translation of an older English text would show the "out of date" notice
    # on pages whose tests expect the current one.
    stale = [str(w) for w in report.warnings if STALE_NOTICE in str(w)]
    assert stale == [], "update source_hash in tests/content/spanish/es: " + repr(stale)
    return content_tree


def spanish(kind: str, english_slug: str) -> Translation:
    return Translation.objects.get(language="es", kind=kind, english_slug=english_slug)


def first_translated(kind: str) -> Translation | None:
    return Translation.objects.filter(language="es", kind=kind, status=Status.PUBLISHED).first()
