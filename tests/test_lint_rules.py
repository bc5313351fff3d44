"""The medical-safety lint's rules (pathways/lint/checks/): each rule flags its bad text
and not its good text, Spanish rules read Spanish files only, and mentions are not uses."""

from __future__ import annotations

import pytest

from pathways.lint import PageText, Segment, lint_page, load_rules
from pathways.lint.checks import CHECKS
from pathways.lint.page import lang_of


def rules_found(body: str, path: str = "articles/example.md", kind: str = "article") -> set[str]:
    page = PageText(path, [Segment(body, 1)], kind, lang_of(path))
    return {f.rule for f in lint_page(page)}


# Each rule: (id, text it must flag, text it must not flag).
CASES = [
    ("dose", "Take 8 mg of buprenorphine each morning.", "Your clinician sets the dose."),
    ("dose", "Most people take two strips a day.", "Ask how many strips you need."),
    ("dose", "Lower the dose by 2 each week.", "Your clinician may lower the dose slowly."),
    ("dose", "Buprenorphine-naloxone 8 mg/2 mg films.", "Naloxone 4 mg nasal spray is sold."),
    ("dose", "Methadone 30 mg is common.", "Even one film can kill a toddler; 2 mg can kill."),
    (
        "phone-number",
        "Call 1-888-555-0100 for a free bed.",
        "Call 1-800-662-4357 (TTY 1-800-487-4889).",
    ),
    ("phone-number", "Call [the clinic](tel:+18885550100).", "Call [988](tel:988) or text 435748."),
    ("phone-number", "Text HOME to 741741 now.", "Poison Help: 1-800-222-1222. Call 911."),
    ("stigma", "He is an addict.", 'Do not say "addict."'),
    ("stigma", "She has stayed clean for a year.", "Use clean needles and clean water."),
    ("stigma", "A dirty urine test.", "A positive test."),
    (
        "stigma",
        "Treatment for substance abuse.",
        "The Substance Abuse and Mental Health Services Administration.",
    ),
    (
        "naltrexone-opioid-free",
        "Naltrexone is a monthly shot.",
        "Naltrexone starts after 7 to 10 days without opioids.",
    ),
    (
        "detox-overdose-risk",
        "Detox takes about a week.",
        "After detox, tolerance drops, so overdose risk is high.",
    ),
    (
        "detox-overdose-risk",
        "Withdrawal management helps.",
        "Withdrawal management helps.\n\n{{include detox-overdose-risk}}",
    ),
    (
        "overdose-steps-copy",
        "1. Call 911.\n2. Give naloxone.\n3. Check their breathing.",
        "{{include overdose-steps}}",
    ),
    (
        "cpr-if-trained",
        "If you are trained, start CPR.",
        "Start CPR. If you are trained, also give rescue breaths.",
    ),
    (
        "cpr-if-trained",
        "Only do chest compressions if you know how.",
        "Do hands-only CPR even if you are not trained.",
    ),
    ("treatment-wording", "MAT works.", 'It used to be called "medication-assisted treatment".'),
    (
        "treatment-wording",
        "Methadone is not replacement therapy... it is replacement therapy.",
        "Medication for OUD works.",
    ),
    ("statistic-citation", "About 40% of people stop.", "About 40% of people stop.[^nida]"),
    ("statistic-citation", "1 in 5 people relapse.\n\nSee [^x].", "It takes 2 or 3 days."),
    (
        "statistic-citation",
        "You are 3 times more likely to die.",
        "Half an hour later, call again.",
    ),
]


@pytest.mark.parametrize(("rule", "bad", "good"), CASES)
def test_each_rule_flags_the_bad_text_and_not_the_good(rule: str, bad: str, good: str) -> None:
    assert rule in rules_found(bad), bad
    assert rule not in rules_found(good), good


def test_spanish_stigma_words_are_flagged_in_spanish_files_only() -> None:
    path = "content/es/articles/ejemplo.md"
    assert "stigma-es" in rules_found("Es un adicto.", path)
    assert "stigma-es" in rules_found("Un drogadicto.", path)
    assert "stigma-es" in rules_found("Lo llamaban yonqui.", path)
    assert "stigma-es" in rules_found("Los yonquis del barrio.", path)
    assert "stigma-es" in rules_found("Era una tecata.", path)
    assert "stigma-es" not in rules_found('No diga "tecato".', path)
    assert "stigma-es" in rules_found("Tratamiento del abuso de sustancias.", path)
    assert "stigma-es" in rules_found("Lleva un año limpio.", path)
    assert "stigma-es" in rules_found("La prueba salió sucia.", path)
    assert "stigma-es" not in rules_found('No diga "adicto".', path)
    assert "stigma-es" not in rules_found("Use jeringas limpias.", path)
    assert "stigma-es" not in rules_found("Es un adicto.")  # an English file
    assert "stigma" not in rules_found("Es un adicto.", path)


def test_quoted_code_and_link_targets_are_not_text() -> None:
    assert rules_found('Say "person with OUD", not "junkie."') == set()
    assert rules_found("Write `addict` in code.") == set()
    assert "phone-number" not in rules_found("See [a page](https://example.org/1-888-555-0100).")


def test_the_overdose_steps_block_itself_may_hold_the_steps() -> None:
    steps = "1. Call 911.\n2. Give naloxone.\n3. Check their breathing."
    assert "overdose-steps-copy" not in rules_found(steps, "content/blocks/overdose-steps.md")


def test_every_rule_has_a_check_a_severity_and_its_reasons() -> None:
    rules = load_rules()
    assert set(rules) == set(CHECKS)
    for rule in rules.values():
        assert rule.severity in {"error", "warning"}
        assert len(rule.explanation) > 40 and len(rule.why) > 20, rule.id
