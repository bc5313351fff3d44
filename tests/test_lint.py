"""The medical-safety lint (issue 16, part 4): each rule, exceptions, the command,
the loader, the admin's live findings and its refusal, and the real corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import Client

from pathways.content.parsing import parse_tree
from pathways.lint import PageText, Segment, lint_form, lint_page, lint_path, load_rules
from pathways.lint.checks import CHECKS
from pathways.lint.engine import lang_of, segments_from_file, segments_from_item
from pathways.models import ITEM_MODELS, Article
from tests.factories import load, run_command


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


def test_line_numbers_are_the_files_own(tmp_path: Path) -> None:
    path = tmp_path / "articles" / "x.md"
    path.parent.mkdir()
    path.write_text("---\ntitle: X\nsummary: Y\n---\n\nFirst.\n\nTake 8 mg daily.\n")
    pages, problems = segments_from_file(path, "articles/x.md")
    assert problems == []
    [finding] = lint_page(pages[0])
    assert (finding.line, finding.rule, finding.severity) == (8, "dose", "error")
    assert str(finding).startswith("articles/x.md:8: dose: an amount of a medicine ('8 mg')")


def test_summary_findings_point_at_the_front_matter_line(tmp_path: Path) -> None:
    path = tmp_path / "articles" / "x.md"
    path.parent.mkdir()
    path.write_text("---\ntitle: X\nsummary: MAT works for addicts.\n---\n\nBody.\n")
    pages, _ = segments_from_file(path, "x.md")
    assert {(f.line, f.rule) for f in lint_page(pages[0])} == {
        (3, "treatment-wording"),
        (3, "stigma"),
    }


def test_exceptions_silence_a_rule_and_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "articles" / "x.md"
    path.parent.mkdir()
    head = "---\ntitle: X\nlint_exceptions:\n- rule: {rule}\n  reason: {reason}\n---\n\n"
    path.write_text(head.format(rule="stigma", reason="It quotes.") + "An addict.\n")
    assert lint_page(segments_from_file(path, "x.md")[0][0]) == []
    path.write_text(head.format(rule="stigma", reason="It quotes.") + "Plain text.\n")
    [unused] = lint_page(segments_from_file(path, "x.md")[0][0])
    assert (unused.rule, unused.severity, unused.line) == ("lint-exceptions", "warning", 4)
    path.write_text(head.format(rule="no-such-rule", reason="x") + "Plain text.\n")
    [unknown] = lint_page(segments_from_file(path, "x.md")[0][0])
    assert (unknown.rule, unknown.severity) == ("lint-exceptions", "error")


# --- the command


def test_lint_content_prints_path_line_rule_message_and_exits_1_on_errors(
    tmp_path: Path,
) -> None:
    root = tmp_path / "content"
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "a.md").write_text("---\ntitle: A\n---\n\nTake 8 mg.\n")
    code, out, _err = run_command("lint_content", str(root))
    assert code == 1
    assert out.splitlines()[0].endswith(
        "articles/a.md:5: dose: an amount of a medicine "
        "('8 mg'): say what the clinician decides instead of a dose"
    )


def test_lint_content_exits_0_with_only_warnings_and_reads_spanish_files(
    tmp_path: Path,
) -> None:
    root = tmp_path / "content"
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "a.md").write_text("---\ntitle: A\n---\n\nMAT helps 40% of people.\n")
    code, out, _ = run_command("lint_content", str(root))
    assert code == 0
    assert "a.md:5: treatment-wording:" in out and out.count("(warning)") == 2
    (root / "es" / "articles").mkdir(parents=True)
    (root / "es" / "articles" / "b.md").write_text("---\ntitle: B\n---\n\nUn adicto.\n")
    code, out, _ = run_command("lint_content", str(root))
    assert code == 1
    assert "es/articles/b.md:5: stigma-es:" in out


def test_the_english_corpus_has_no_findings_and_both_readers_agree() -> None:
    root = Path(settings.CONTENT_DIR)
    english = [f for f in lint_path(root) if "/es/" not in "/" + f.path]
    assert [str(f) for f in english] == []
    tree = parse_tree(root)
    for item in tree.items:
        from_item = lint_page(segments_from_item(item))
        assert from_item == [], item.path


def test_file_and_loader_readers_give_the_same_lines(content_tree: Path) -> None:
    path = content_tree / "articles" / "staying-safe.md"
    path.write_text(path.read_text() + "\nTake 8 mg.\n\nCall 1-888-555-0100.\n")
    tree = parse_tree(content_tree)
    [item] = [i for i in tree.items if i.path == "articles/staying-safe.md"]
    by_item = [(f.line, f.rule) for f in lint_page(segments_from_item(item))]
    pages, _ = segments_from_file(path, "articles/staying-safe.md")
    assert by_item == [(f.line, f.rule) for f in lint_page(pages[0])]
    assert {rule for _, rule in by_item} == {"dose", "phone-number"}


# --- the loader


@pytest.mark.django_db
def test_loader_stops_on_lint_errors_with_path_and_line(empty_db: None, content_tree: Path) -> None:
    path = content_tree / "articles" / "staying-safe.md"
    text = path.read_text()
    path.write_text(text + "\nTake two strips a day.\n")
    line = len((text + "\nTake two strips a day.\n").split("\n")) - 1
    report = load(content_tree)
    assert report.exit_code == 1
    assert any(
        str(e).endswith(
            f"articles/staying-safe.md:{line}: dose: a dose per day ('two strips "
            "a day'): say what the clinician decides instead of a dose"
        )
        for e in report.errors
    ), [str(e) for e in report.errors]
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_loader_reports_warnings_and_stores_findings_and_exceptions(
    empty_db: None, content_tree: Path
) -> None:
    path = content_tree / "articles" / "staying-safe.md"
    text = path.read_text().replace(
        "\nstatus:",
        "\nlint_exceptions:\n- rule: stigma\n  reason: It quotes the words.\nstatus:",
        1,
    )
    path.write_text(text + "\nMAT is an older name.\n")
    report = load(content_tree)
    assert report.errors == []
    assert any("treatment-wording" in str(w) for w in report.warnings)
    article = Article.objects.get(slug="staying-safe")
    assert {f["rule"] for f in article.lint_findings} == {"treatment-wording", "lint-exceptions"}
    assert article.lint_exceptions == [{"rule": "stigma", "reason": "It quotes the words."}]


# --- the admin


@pytest.fixture
def editor(client: Client) -> Client:
    user = User.objects.create_user("editor", password="a long passphrase", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


@pytest.fixture
def fixture_content(empty_db: None, content_tree: Path) -> Path:
    for model in ITEM_MODELS.values():
        model._default_manager.all().delete()
    assert load(content_tree).errors == []
    return content_tree


@pytest.mark.django_db
def test_preview_returns_findings_as_json_and_in_a_header(
    fixture_content: Path, editor: Client
) -> None:
    url = "/admin/markdownx/markdownify/"
    response = editor.post(url, {"content": "Take 8 mg.\n\nMAT helps.", "lint": "1"})
    data = response.json()
    assert (data["errors"], data["warnings"]) == (1, 1)
    assert [(f["line"], f["rule"]) for f in data["findings"]] == [
        (1, "dose"),
        (3, "treatment-wording"),
    ]
    response = editor.post(url, {"content": "Take 8 mg."})
    assert "<p>Take 8 mg.</p>" in response.content.decode()
    assert json.loads(response["X-Lint-Findings"])[0]["rule"] == "dose"
    assert Client().post(url, {"content": "x", "lint": "1"}).status_code == 403


@pytest.mark.django_db
def test_admin_refuses_a_save_with_lint_errors_and_stores_warnings(
    fixture_content: Path, editor: Client
) -> None:
    from tests.test_admin import change_url, form_data

    article = Article.objects.get(slug="staying-safe")
    data = form_data(editor, article, body=article.body + "\nTake 8 mg twice a day.\n")
    response = editor.post(change_url(article), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lint error (line" in html and "dose: an amount of a medicine" in html
    assert "8 mg" not in Article.objects.get(slug="staying-safe").body
    data = form_data(editor, article, body=article.body + "\nMAT is an older name.\n")
    assert editor.post(change_url(article), data).status_code == 302
    saved = Article.objects.get(slug="staying-safe")
    assert [f["rule"] for f in saved.lint_findings] == ["treatment-wording"]
    dashboard = editor.get("/admin/attention/").content.decode()
    assert "Lint warnings (1)" in dashboard and "treatment-wording" in dashboard


@pytest.mark.django_db
def test_change_page_shows_exceptions_and_loads_the_lint_script(
    fixture_content: Path, editor: Client
) -> None:
    article = Article.objects.get(slug="staying-safe")
    article.lint_exceptions = [{"rule": "stigma", "reason": "It quotes the words."}]
    article.save()
    html = editor.get(f"/admin/pathways/article/{article.pk}/change/").content.decode()
    assert "Safety-check exceptions on this page" in html and "It quotes the words." in html
    assert "pathways/admin-lint.js" in html
    assert "<script>" not in html  # no inline script (strict CSP)


def test_lint_form_names_the_field() -> None:
    [finding] = lint_form({"body": "Fine.", "summary": "Call 1-888-555-0100."})
    assert (finding.field, finding.line, finding.rule) == ("summary", 1, "phone-number")
