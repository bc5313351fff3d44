"""Synthetic content trees for benchmarks and scale tests.

A generated tree keeps every real page (stages, substances, articles, the
glossary and the crisis box) and adds N articles whose lengths, links and
sources are drawn from the real articles, so load and page costs scale the way
the real corpus would. Only the file format is needed, not Django:

    python tests/bench/synthetic.py N DIR [--seed S] [--from CONTENT]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from pathways.content.format.canonical import serialize  # noqa: E402
from pathways.content.format.parsing import ParsedItem  # noqa: E402
from pathways.content.format.tree import parse_tree  # noqa: E402

WORD_RE = re.compile(r"[A-Za-z][a-z]+")


@dataclass(frozen=True)
class Profile:
    """What the real articles look like, as lists to sample from."""

    words: list[int]  # body length in words
    links: list[int]  # [[links]] per article
    sources: list[dict[str, str]]
    source_counts: list[int]
    headings: list[int]
    vocabulary: list[str]
    stages: list[str]
    substances: list[str]
    targets: list[str]  # real slugs a generated article may link to


def profile(real: list[ParsedItem]) -> Profile:
    articles = [i for i in real if i.kind == "article"]
    bodies = [a.record["body"] for a in articles]
    return Profile(
        words=[len(b.split()) for b in bodies],
        links=[b.count("[[") for b in bodies],
        sources=[s for a in articles for s in a.record["sources"]],
        source_counts=[len(a.record["sources"]) for a in articles],
        headings=[b.count("\n## ") for b in bodies],
        vocabulary=sorted({w.lower() for b in bodies for w in WORD_RE.findall(b)} - LINT_TRIGGERS),
        stages=[i.slug for i in real if i.kind == "stage"],
        substances=[i.slug for i in real if i.kind == "substance"],
        targets=[i.slug for i in real if i.kind in {"article", "stage", "substance", "term"}],
    )


# Words that, dropped at random into a sentence, would trip the medical-safety
# lint (a quoted example on the stigma page, a medicine with a required warning).
LINT_TRIGGERS = {
    "addict",
    "addicts",
    "abuser",
    "abusers",
    "abuse",
    "junkie",
    "junkies",
    "clean",
    "dirty",
    "naltrexone",
    "vivitrol",
    "detox",
    "detoxification",
    "mat",
    "mg",
    "mcg",
    "replacement",
    "substitution",
    "trained",
    "strips",
    "tablets",
    "taper",
    "withdrawal",
    "management",
    "medication-assisted",
    "assisted",
}


def sentence(rng: random.Random, vocabulary: list[str], words: int) -> str:
    text = " ".join(rng.choice(vocabulary) for _ in range(words))
    return text[:1].upper() + text[1:] + "."


def article_body(rng: random.Random, p: Profile, index: int, count: int) -> str:
    total = rng.choice(p.words)
    links = rng.choice(p.links)
    headings = max(1, rng.choice(p.headings))
    paragraphs: list[str] = []
    written = 0
    while written < total:
        length = rng.randint(8, 16)
        paragraphs.append(" ".join(sentence(rng, p.vocabulary, length) for _ in range(3)))
        written += length * 3
    for _ in range(links):
        # Half the links go to other generated articles, half to real pages.
        if rng.random() < 0.5 and count > 1:
            target = f"synthetic-{rng.randrange(count):05d}"
        else:
            target = rng.choice(p.targets)
        spot = rng.randrange(len(paragraphs))
        paragraphs[spot] += f" See [[{target}]]."
    step = max(1, len(paragraphs) // headings)
    out: list[str] = []
    for n, paragraph in enumerate(paragraphs):
        if n % step == 0:
            out.append(f"## Section {n // step + 1} of article {index}")
        out.append(paragraph)
    return "\n\n".join(out) + "\n"


def generate(real_root: Path, out: Path, count: int, seed: int = 1) -> None:
    """Write a content tree with every real file plus `count` generated articles."""
    tree = parse_tree(real_root)
    if tree.errors:
        raise ValueError(f"the real content has errors: {tree.errors[0]}")
    p = profile(tree.items)
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in ("blocks", "stages", "substances", "articles"):
        shutil.copytree(real_root / name, out / name)
    for name in ("glossary.yml", "crisis.md", "sources.yml"):
        shutil.copyfile(real_root / name, out / name)
    for index in range(count):
        slug = f"synthetic-{index:05d}"
        # Each source gets an id unique on its page, and each is cited once, as
        # a real page cites its sources.
        sources = [
            dict(source, id=f"s{n}")
            for n, source in enumerate(rng.sample(p.sources, rng.choice(p.source_counts)), 1)
        ]
        body = article_body(rng, p, index, count)
        paragraphs = body.split("\n\n")
        for n in range(1, len(sources) + 1):
            spot = rng.randrange(len(paragraphs))
            if not paragraphs[spot].startswith("## "):
                paragraphs[spot] += f"[^s{n}]"
            else:
                paragraphs[-1] = paragraphs[-1].rstrip("\n") + f"[^s{n}]\n"
        record = {
            "title": f"Synthetic article {index}",
            "link_text": f"synthetic article {index}",
            "summary": sentence(rng, p.vocabulary, 18),
            "stage": rng.choice([*p.stages, None]),
            "substances": sorted(set(rng.sample(p.substances, rng.randint(0, 2)))),
            "also_called": [],
            "featured": False,
            "updated": datetime.date(2026, 11, 23),
            "valid_until": None,
            "clinical_review": None,
            "lint_exceptions": [],
            "review_due": datetime.date(2027, 11, 1),
            "sources": sources,
            "status": "published",
            "body": "\n\n".join(paragraphs),
        }
        text = serialize("article", record)
        (out / "articles" / f"{slug}.md").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a content tree with N generated articles.")
    parser.add_argument("count", type=int)
    parser.add_argument("path", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--from",
        dest="real",
        type=Path,
        default=Path(os.environ.get("CONTENT_DIR", ROOT / "content")),
        help="the real content tree (default: CONTENT_DIR or content/)",
    )
    args = parser.parse_args(argv)
    generate(args.real, args.path, args.count, args.seed)
    print(f"wrote {args.count} articles to {args.path}")


if __name__ == "__main__":
    main()
