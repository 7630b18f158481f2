"""The rules file is checked when it loads: a consultant's typo names the file, the line and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.definition import FlowError, default_flow
from flows.rulebook import load_rules

QUESTIONS = default_flow().by_id
RULE = """rules:
  - id: r
    question: golden_circle.why
    seed: "000"
    check: {check}
    words: [{words}]
    challenge: {{nl: "Waarom?", en: "Why?"}}
    kept: {{nl: K, en: K}}
"""


def rules_file(tmp_path: Path, check: str = "mentions", words: str = "geld") -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(RULE.format(check=check, words=words), encoding="utf-8")
    return path


def test_the_real_rules_file_loads_with_every_rule() -> None:
    assert len(default_flow().rules.rules) == 27


def test_a_valid_rules_file_loads(tmp_path: Path) -> None:
    assert [r.id for r in load_rules(rules_file(tmp_path), QUESTIONS).rules] == ["r"]


@pytest.mark.parametrize(("check", "words", "reason"), [
    ("spelling", "geld", "unknown check 'spelling'"),
    ("mentions", "geld, no", "'words' has False, not a word; put it in quotes"),
])
def test_a_broken_rule_names_the_file_the_line_and_the_reason(tmp_path: Path, check: str, words: str,
                                                               reason: str) -> None:
    with pytest.raises(FlowError) as error:
        load_rules(rules_file(tmp_path, check, words), QUESTIONS)
    assert error.value.line == 2 and reason in error.value.reason and error.value.path.endswith("rules.yaml")


def test_a_rule_about_a_question_the_flow_does_not_ask_is_left_out(tmp_path: Path) -> None:
    path = rules_file(tmp_path)
    path.write_text(path.read_text().replace("golden_circle.why", "nowhere.q"), encoding="utf-8")
    assert load_rules(path, QUESTIONS).rules == ()


def test_challenges_name_their_source_as_a_marketer_knows_it_never_by_its_file_number() -> None:
    # The seed ids are the consultant's bookkeeping (each rule's `seed:`); a team reads the source's name.
    for rule in default_flow().rules.rules:
        for language in ("nl", "en"):
            shown = f"{rule.challenge(language)} {rule.kept(language)}"
            assert "seed" not in shown.lower(), (rule.id, language, shown)
