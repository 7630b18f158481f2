"""The coach's rules as data (flows/data/rules.yaml): their typed shape and the loader.

The loader validates every rule once at start-up (its check is known, its question exists, both
languages have a text) and fails with the file, the line and the reason, like the flow file does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flows.definition import Question, Text, _Reader, read_yaml

CHECKS = frozenset({
    "mentions", "fewer_than", "more_than", "all_generic", "vague_item", "nothing_concrete", "not_in_answer",
    "generic_claim", "sentences", "equals", "field_vague", "field_missing", "smart", "vanity", "steep", "roi_below",
    "group_without_kpi",
})
SHARPEN = frozenset({"reask", "fields", "pick", "add"})
# A rule's `seed` is the consultant's reference to /shared/seeds; a team reads the source by these names.
SOURCES: Mapping[str, Text] = {
    "000": Text(nl="Sterce model", en="Sterce model"),
    "001": Text(nl="9 stappen voor je kmo", en="9 steps for your SME"),
    "002": Text(nl="Strategische scherpte", en="Strategic sharpness"),
    "003": Text(nl="Roadmap digitale strategie", en="Digital strategy roadmap"),
    "004": Text(nl="SocialStrategyModel", en="SocialStrategyModel"),
}
_SETTINGS = ("words", "growth", "others", "unless", "filler", "openers", "values", "fields", "field", "source", "n",
             "days", "ratio", "percent", "max_words", "claim_words")


@dataclass(frozen=True)
class Rule:
    id: str
    check: str
    challenge: Text
    kept: Text
    seed: str
    sharpen: str = "reask"
    question: str | None = None  # the question it watches, or
    kind: str | None = None  # every question of this answer kind
    when: str = "answer"  # answer | done (a collection finished)
    record: bool = True  # keeping records a kept point (False: keeping is just a confirmation)
    on_keep: str | None = None  # add_to_source: a confirmed new focus group joins the target groups
    labels: Mapping[str, Text] = field(default_factory=dict)
    settings: Mapping[str, Any] = field(default_factory=dict)

    def applies_to(self, question: Question, when: str = "answer") -> bool:
        return self.when == when and (self.question == question.id or (self.kind is not None
                                                                         and self.kind == question.kind))

    def setting(self, name: str, default: Any = None) -> Any:
        return self.settings.get(name, default)


@dataclass(frozen=True)
class RuleBook:
    rules: tuple[Rule, ...]
    contexts: Mapping[str, tuple[Text, ...]] = field(default_factory=dict)
    labels: Mapping[str, Text] = field(default_factory=dict)
    _cache: dict[tuple[str, str, str], tuple[Rule, ...]] = field(default_factory=dict, compare=False, repr=False)

    def for_question(self, question: Question, when: str = "answer") -> tuple[Rule, ...]:
        key = (question.id, question.kind, when)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = tuple(r for r in self.rules if r.applies_to(question, when))
        return found

    def by_id(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def label(self, rule: Rule, which: str, language: str) -> str:
        text = rule.labels.get(which) or self.labels.get(which)
        return text(language) if text else which


class _RuleReader(_Reader):
    def rule(self, raw: Mapping[str, Any], questions: Mapping[str, Question]) -> Rule | None:
        rule_id = str(self.require(raw, "id", "a rule"))
        what = f"rule '{rule_id}'"
        check = str(self.require(raw, "check", what))
        if check not in CHECKS:
            raise self.fail(raw, f"{what} has unknown check '{check}' (known: {', '.join(sorted(CHECKS))})")
        sharpen = str(raw.get("sharpen", "reask"))
        if sharpen not in SHARPEN:
            raise self.fail(raw, f"{what} has unknown sharpen '{sharpen}' (known: {', '.join(sorted(SHARPEN))})")
        question, kind = raw.get("question"), raw.get("kind")
        if not question and not kind:
            raise self.fail(raw, f"{what} needs a 'question' or a 'kind'")
        if question and question not in questions:
            return None  # a rule about a question this flow does not ask (e.g. a test flow)
        labels = {name: self.text(raw["labels"], name, f"{what} labels", required=False)
                  for name in ("sharpen", "keep") if isinstance(raw.get("labels"), Mapping)}
        settings = {name: raw[name] for name in _SETTINGS if name in raw}
        for name in ("words", "growth", "others", "unless", "filler", "openers", "fields"):
            odd = [w for w in settings.get(name) or () if not isinstance(w, str)]
            if odd:
                raise self.fail(raw, f"{what}: '{name}' has {odd[0]!r}, not a word; put it in quotes")
        return Rule(id=rule_id, check=check, sharpen=sharpen, question=question, kind=kind,
                    when=str(raw.get("when", "answer")), record=bool(raw.get("record", True)),
                    on_keep=raw.get("on_keep"), seed=str(self.require(raw, "seed", what)),
                    challenge=self.text(raw, "challenge", what), kept=self.text(raw, "kept", what),
                    labels={k: v for k, v in labels.items() if v is not None}, settings=settings)

    def book(self, root: Any, questions: Mapping[str, Question]) -> RuleBook:
        if not isinstance(root, Mapping) or not isinstance(root.get("rules"), list):
            raise self.fail(None, "a rules file must be a mapping with a 'rules' list")
        rules = [r for raw in root["rules"] if (r := self.rule(raw, questions)) is not None]
        if len({r.id for r in rules}) != len(rules):
            raise self.fail(root, "rule ids must be unique")
        contexts = {}
        for question_id, lines in (root.get("context") or {}).items():
            if question_id == "__line__":
                continue
            contexts[question_id] = tuple(Text(nl=str(line["nl"]), en=str(line["en"])) for line in lines)
        labels_node = root.get("labels") or {}
        labels = {name: self.text(labels_node, name, "labels") for name in ("sharpen", "keep")} if labels_node else {}
        return RuleBook(rules=tuple(rules), contexts=contexts, labels=labels)


def load_rules(path: Path | str, questions: Mapping[str, Question]) -> RuleBook:
    """Read and validate a rules file for a flow with these questions; raises `FlowError`."""
    path = Path(path)
    return _RuleReader(path).book(read_yaml(path), questions)
