"""Testing one answer against one rule of flows/data/rules.yaml: pure, explainable matching.

Each check answers "is this answer weak in the way the rule describes?" and, if so, what to quote and
which form fields to ask again. The checks lean towards silence: a rule that fires on a good answer
is worse than no rule, so words are matched whole (`groei` is not `groeiende`, `alles` is not
`alles-in-één`) and "made only of weak words" means every word, not one of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from flows.rulebook import Rule

MAX_QUOTE = 100


@dataclass(frozen=True)
class RuleContext:
    """What a check may look at besides the answer itself."""

    item: str = ""  # the focus group (or competitor) a repeated question is about
    values: Mapping[tuple[str, str], Any] = field(default_factory=dict)  # current answers by (question, item)
    today: date = date(2000, 1, 1)
    form_fields: Mapping[str, Sequence[str]] = field(default_factory=dict)  # form field -> its option values


@dataclass(frozen=True)
class Finding:
    """A rule that fired: what to quote, which fields to ask again, and the facts its text names."""

    rule: Rule
    quote: str
    fields: tuple[str, ...] = ()
    facts: Mapping[str, Any] = field(default_factory=dict)


def fold(text: str) -> str:
    """Lower case without accents, so `één` matches `een` and `Bestaande` matches `bestaande`."""
    return unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()


@cache
def _pattern(word: str) -> re.Pattern[str]:
    folded = fold(word).strip()
    stem, prefix = (folded[:-1], True) if folded.endswith("*") else (folded, False)
    tail = r"[\w-]*" if prefix else r"(?![\w-])"
    return re.compile(r"(?<![\w-])" + re.escape(stem) + tail)


def mentions(text: str, words: Sequence[str]) -> bool:
    """Whether `text` contains one of `words` as a whole word or phrase (`groei*` also matches `groeien`)."""
    folded = fold(text)
    return any(_pattern(word).search(folded) for word in words)


def tokens(text: str) -> list[str]:
    return [t for t in (t.strip(".,!;:()\"'“”") for t in fold(text).split()) if t]


@cache
def _vocabulary(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(t for w in words for t in tokens(w))


def made_of(text: str, words: Sequence[str], filler: Sequence[str]) -> bool:
    """Every word of `text` is one of `words` or `filler` (and at least one is from `words`)."""
    allowed, extra = _vocabulary(tuple(words)), _vocabulary(tuple(filler))
    found = tokens(text)
    return bool(found) and all(t in allowed or t in extra for t in found) and any(t in allowed for t in found)


def _items(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)] if value not in (None, "") else []


def _quote(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1].rstrip() + "…"


def _joined(value: Any) -> str:
    return _quote(", ".join(_items(value)))


def same_group(a: str, b: str) -> bool:
    """Loose match of two group names: equal, or one contains the other (`Starters` ~ `Starters in het mkb`)."""
    x, y = " ".join(tokens(a)), " ".join(tokens(b))
    return bool(x and y) and (x == y or f" {x} " in f" {y} " or f" {y} " in f" {x} ")


def sentence_count(text: str) -> int:
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9À-Ý\"“])", str(text).strip())
    return len([p for p in parts if p.strip()])


# --- the checks: (rule, value, context) -> Finding | None -----------------------------------------

def _mentions(rule: Rule, value: Any, ctx: RuleContext) -> Finding | None:
    text = " ".join(_items(value))
    # Growth is only "about money" when it is the team's own: helping entrepreneurs grow is a conviction.
    growth = mentions(text, rule.setting("growth", ())) and not mentions(text, rule.setting("others", ()))
    if (mentions(text, rule.setting("words", ())) or growth) and not mentions(text, rule.setting("unless", ())):
        return Finding(rule, _quote(text))
    return None


def _fewer_than(rule: Rule, value: Any, ctx: RuleContext) -> Finding | None:
    items = _items(value)
    return Finding(rule, _joined(items), facts={"count": len(items)}) if len(items) < rule.setting("n", 1) else None


def _more_than(rule: Rule, value: Any, ctx: RuleContext) -> Finding | None:
    items = _items(value) if not (isinstance(value, list) and value and isinstance(value[0], dict)) else \
        [str(v.get("name")) for v in value]
    n = rule.setting("n", 3)
    return Finding(rule, _joined(items), facts={"count": len(items), "n": n}) if len(items) > n else None


def _all_generic(rule: Rule, value: Any, ctx: RuleContext) -> Finding | None:
    generic = {" ".join(tokens(w)) for w in rule.setting("words", ())}
    items = _items(value)
    if items and all(" ".join(tokens(i)) in generic for i in items):
        return Finding(rule, _joined(items))
    return None


def _vague_item(rule: Rule, value: Any, ctx: RuleContext) -> Finding | None:
    vague = [i for i in _items(value) if made_of(i, rule.setting("words", ()), rule.setting("filler", ()))]
    return Finding(rule, _quote(vague[0]), facts={"items": ", ".join(vague)}) if vague else None


def _nothing_concrete(rule: Rule, value: Any, ctx: RuleContext) -> Finding | None:
    items = _items(value)
    if items and all(made_of(i, rule.setting("words", ()), rule.setting("filler", ())) for i in items):
        return Finding(rule, _joined(items))
    return None


def _not_in_answer(rule: Rule, value: Any, ctx: RuleContext) -> Finding | None:
    source = _items(ctx.values.get((rule.setting("source"), "")))
    if not source:
        return None  # Discover was skipped: nothing to pick from, so nothing to confirm
    new = [i for i in _items(value) if not any(same_group(i, s) for s in source)]
    if not new:
        return None
    return Finding(rule, _joined(new), facts={"items": ", ".join(new), "source": ", ".join(source),
                                              "new": new})


def _generic_claim(rule: Rule, value: Any, ctx: RuleContext) -> Finding | None:
    text = str(value)
    opener = any(" ".join(tokens(text)).startswith(" ".join(tokens(o)) + " ") for o in rule.setting("openers", ()))
    count = len(tokens(text))
    claim = mentions(text, rule.setting("words", ())) and count <= rule.setting("claim_words", 14)
    if claim or (opener and count <= rule.setting("max_words", 8)):
        return Finding(rule, _quote(text))
    return None


def _sentences(rule: Rule, value: Any, ctx: RuleContext) -> Finding | None:
    count = sentence_count(str(value))
    return Finding(rule, _quote(str(value)), facts={"count": count}) if count > rule.setting("n", 1) else None


def _equals(rule: Rule, value: Any, ctx: RuleContext) -> Finding | None:
    return Finding(rule, str(value)) if value in rule.setting("values", ()) else None


def _field_vague(rule: Rule, value: Any, ctx: RuleContext) -> Finding | None:
    if not isinstance(value, dict):
        return None
    weak = [f for f in rule.setting("fields", ()) if value.get(f) not in (None, "")
            and made_of(str(value[f]), rule.setting("words", ()), rule.setting("filler", ()))]
    weak += [f for f in rule.setting("fields", ()) if f in ctx.form_fields and value.get(f) in (None, "")]
    if not weak:
        return None
    return Finding(rule, _quote("; ".join(str(value.get(f) or "—") for f in weak)), fields=tuple(weak))


def _field_missing(rule: Rule, value: Any, ctx: RuleContext) -> Finding | None:
    name = rule.setting("field")
    options = ctx.form_fields.get(name)
    if not isinstance(value, dict) or not options or value.get(name) not in (None, ""):
        return None
    return Finding(rule, _quote(str(value.get("name") or "")), fields=(name,), facts={"items": ", ".join(options)})


def _smart(rule: Rule, value: Any, ctx: RuleContext) -> Finding | None:
    if not isinstance(value, dict):
        return None
    missing = [f for f in rule.setting("fields", ()) if value.get(f) in (None, "")
               and (not ctx.form_fields or f in ctx.form_fields)]
    return Finding(rule, _quote(str(value.get("name") or "")), fields=tuple(missing),
                   facts={"missing_fields": missing}) if missing else None


def _vanity(rule: Rule, value: Any, ctx: RuleContext) -> Finding | None:
    if not isinstance(value, dict):
        return None
    name = str(value.get("name") or "")
    if mentions(name, rule.setting("words", ())) and not mentions(name, rule.setting("unless", ())):
        return Finding(rule, _quote(name))
    return None


def _steep(rule: Rule, value: Any, ctx: RuleContext) -> Finding | None:
    if not isinstance(value, dict) or not value.get("deadline") or value.get("target") is None:
        return None
    days_left = (date.fromisoformat(str(value["deadline"])) - ctx.today).days
    baseline, target = value.get("baseline"), float(value["target"])
    if days_left >= rule.setting("days", 90):
        return None
    if baseline is None:
        return Finding(rule, _quote(str(value.get("name") or "")), fields=tuple(rule.setting("fields", ())),
                       facts={"why": "no_baseline"})
    if float(baseline) > 0 and target / float(baseline) >= rule.setting("ratio", 1.5):
        return Finding(rule, _quote(str(value.get("name") or "")), fields=tuple(rule.setting("fields", ())),
                       facts={"why": "steep", "baseline": baseline, "target": target, "unit": value.get("unit")})
    return None


def _roi_below(rule: Rule, value: Any, ctx: RuleContext) -> Finding | None:
    if isinstance(value, dict) and value.get("roi") is not None and value["roi"] < rule.setting("percent", 0):
        return Finding(rule, f"ROI {value['roi']:.0f}%", fields=tuple(rule.setting("fields", ())),
                       facts={"roi": value["roi"]})
    return None


def _group_without_kpi(rule: Rule, value: Any, ctx: RuleContext) -> Finding | None:
    groups = _items(ctx.values.get(("focus_groups.groups", "")))
    kpis = value if isinstance(value, list) else []
    without = [g for g in groups if not any(isinstance(k, dict) and same_group(str(k.get("focus_group") or ""), g)
                                            for k in kpis)]
    return Finding(rule, ", ".join(without), facts={"items": ", ".join(without), "groups": without}) if without \
        else None


CHECKS: dict[str, Callable[[Rule, Any, RuleContext], Finding | None]] = {
    "mentions": _mentions, "fewer_than": _fewer_than, "more_than": _more_than, "all_generic": _all_generic,
    "vague_item": _vague_item, "nothing_concrete": _nothing_concrete, "not_in_answer": _not_in_answer,
    "generic_claim": _generic_claim, "sentences": _sentences, "equals": _equals, "field_vague": _field_vague,
    "field_missing": _field_missing, "smart": _smart, "vanity": _vanity, "steep": _steep, "roi_below": _roi_below,
    "group_without_kpi": _group_without_kpi,
}


def check(rule: Rule, value: Any, ctx: RuleContext) -> Finding | None:
    """The finding if `value` is weak the way `rule` describes, else None."""
    if value is None or (isinstance(value, dict) and "draft" in value and len(value) == 1):
        return None  # nothing given, or a draft kept after unreadable answers: nothing to judge yet
    return CHECKS[rule.check](rule, value, ctx)


def first_finding(rules: Sequence[Rule], value: Any, ctx: RuleContext, skip: Sequence[str] = ()) -> Finding | None:
    """The first rule (in the file's order) that fires, leaving out those already raised for this answer."""
    for rule in rules:
        if rule.id in skip:
            continue
        finding = check(rule, value, ctx)
        if finding is not None:
            return finding
    return None
