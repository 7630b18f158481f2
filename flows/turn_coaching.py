"""The coach inside a turn: judge an answer before it is stored, challenge it once, sharpen or keep it.

`review` runs the rules of flows/data/rules.yaml on an answer. The first rule that fires (and has not
been raised for this answer yet) becomes a challenge with two ways forward; nothing is stored until
the team chooses. Sharpening re-asks only the part concerned; keeping stores the answer together
with a kept point (an `_kept` answer row) and lets the next rule have its say. When no rule fires
the answer is committed: written, stale kept points withdrawn, and the flow moves on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flows import messages as M
from flows.coaching import answer_facts, fill, smart_words, steep_words
from flows.consistency import FOCUS_GROUPS, KEPT, LATER, WITHDRAWN, kept_key, removal_writes
from flows.definition import Question
from flows.formatting import format_percent
from flows.parsing import ParseError, listed_numbers, parse_choice, parse_list
from flows.rulebook import Rule
from flows.rules import Finding, RuleContext, check, first_finding, same_group
from flows.types import Choice, Reply, ReplyKind

if TYPE_CHECKING:
    from flows.turn import TurnRun

SHARPEN, KEEP = "sharpen", "keep"
_DECISIONS = [(SHARPEN, ["aanscherpen", "sharpen", "scherper", "inkorten", "shorten", "ja", "yes", "kiezen",
                         "toevoegen", "add", "kiezen uit stap 1", "pick from step 1"]),
              (KEEP, ["houden", "zo houden", "zo laten", "laten", "keep", "keep as is", "nee", "no", "bewaren",
                      "ja, nieuwe groep", "nieuw", "new", "yes, a new group"])]
_SKIP_KEYS = {"answer": "challenged", "done": "challenged_done"}


def rules_for(run: TurnRun, question: Question, when: str) -> tuple[Rule, ...]:
    return run.flow.rules.for_question(question, when) if run.flow.rules else ()


def rule_context(run: TurnRun, question: Question) -> RuleContext:
    form_fields = {}
    if question.is_form:
        form_fields = {f.name: [o.value for o in f.options] for f in run.form_of(question).fields}
    return RuleContext(item=run.current_item(), values=run.values(), today=run.context.today,
                       form_fields=form_fields)


def weak(run: TurnRun, question: Question, value: Any) -> bool:
    """Whether any rule still finds the answer weak (e.g. a project manager called "niemand", kept anyway)."""
    return first_finding(rules_for(run, question, "answer"), value, rule_context(run, question)) is not None


def item_label(question: Question, value: Any, run: TurnRun, when: str) -> str:
    """What a kept point is about: the focus group, the KPI's name, or nothing for a whole answer."""
    if when == "done":
        return ""
    if question.collect and isinstance(value, dict):
        return str(value.get("name") or value.get("what") or "")
    return run.current_item()


def review(run: TurnRun, question: Question, value: Any, raw: str | None, when: str = "answer") -> None:
    """Challenge `value` once per rule, or commit it."""
    value = picked_from_source(run, question, value)
    skip = run.data.setdefault(_SKIP_KEYS[when], [])
    finding = first_finding(rules_for(run, question, when), value, rule_context(run, question), skip)
    if finding is None:
        commit(run, question, value, raw, when)
        return
    skip.append(finding.rule.id)
    text = challenge_text(run, finding, question, value)
    run.data["pending"] = {"kind": "challenge", "rule": finding.rule.id, "when": when, "value": value, "raw": raw,
                           "fields": list(finding.fields), "quote": finding.quote, "text": text,
                           "item": item_label(question, value, run, when),
                           "new": list(finding.facts.get("new") or [])}
    run.replies.append(pending_reply(run, run.data["pending"]))


def challenge_text(run: TurnRun, finding: Finding, question: Question, value: Any) -> str:
    language = run.language
    facts: dict[str, Any] = {**answer_facts(run.values(), run.current_item(), language), **finding.facts,
                             "quote": finding.quote}
    if question.collect and isinstance(value, dict):
        facts["item"] = str(value.get("name") or "")
    if finding.rule.check == "smart":
        facts["missing"] = smart_words(finding.facts.get("missing_fields") or [], language)
    if finding.rule.check == "steep":
        facts["missing"] = steep_words(finding.facts, language)
    if finding.rule.check == "roi_below":
        facts["roi"] = format_percent(round(finding.facts["roi"]), language)
    return fill(finding.rule.challenge(language), facts)


def pending_reply(run: TurnRun, pending: dict[str, Any]) -> Reply:
    """The reply a pending challenge or pick shows (again, after `help` or `status`)."""
    question = run.question
    if pending["kind"] == "pick":
        return Reply(ReplyKind.QUESTION, pending["text"], question_id=question.id, step_id=question.step_id,
                     actions=(Choice("help", "Help"),), meta={"kind": "pick", "rule": pending["rule"]})
    book, rule = run.flow.rules, run.flow.rules.by_id(pending["rule"])  # type: ignore[union-attr]
    choices = (Choice(SHARPEN, book.label(rule, "sharpen", run.language)),  # type: ignore[union-attr,arg-type]
               Choice(KEEP, book.label(rule, "keep", run.language)))  # type: ignore[union-attr,arg-type]
    return Reply(ReplyKind.QUESTION, pending["text"], title=run.flow.element(question.element_id).title(run.language),
                 choices=choices, question_id=question.id, step_id=question.step_id,
                 meta={"kind": "challenge", "rule": pending["rule"]})


def resolve(run: TurnRun, pending: dict[str, Any], raw: str) -> None:
    """The team's answer to a pending challenge (sharpen / keep) or pick (its top few)."""
    question = run.question
    if pending["kind"] == "pick":
        resolve_pick(run, pending, raw)
        return
    rule = run.flow.rules.by_id(pending["rule"])  # type: ignore[union-attr]
    try:
        decision = parse_choice(raw, _DECISIONS)
    except ParseError:
        if run.turn.choice is not None or not raw.strip():  # a stale button, or nothing: ask again
            run.replies.append(pending_reply(run, pending))
            return
        # Typed text that is neither: the sharper answer itself, given straight away.
        run.data.pop("pending", None)
        sharpen(run, question, rule, pending, ask=False)  # type: ignore[arg-type]
        if run.data.get("pending", {}).get("kind") == "pick":
            resolve_pick(run, run.data["pending"], raw)
        else:
            run.answer()
        return
    run.data.pop("pending", None)
    if decision == KEEP:
        keep(run, question, rule, pending)  # type: ignore[arg-type]
    else:
        sharpen(run, question, rule, pending)  # type: ignore[arg-type]


def keep(run: TurnRun, question: Question, rule: Rule, pending: dict[str, Any]) -> None:
    value = pending["value"]
    if rule.record:
        run.data.setdefault("keeping", []).append({"rule": rule.id, "item": pending.get("item") or "",
                                                   "quote": pending.get("quote") or ""})
    if rule.on_keep == "add_to_source" and pending.get("new"):
        source = rule.setting("source")
        current = list(run.current_value_of(source) or [])
        run.write_at(source, "", [*current, *pending["new"]], None)
        run.say(ReplyKind.CONFIRM, M.NEW_GROUP_ADDED, items=", ".join(pending["new"]))
    review(run, question, value, pending.get("raw"), pending.get("when", "answer"))


def sharpen(run: TurnRun, question: Question, rule: Rule, pending: dict[str, Any], ask: bool = True) -> None:
    """Ask again for only the part the rule is about: the question, some fields, or the top few of a list."""
    if rule.sharpen == "pick":
        items = pending["value"]
        names = [str(i.get("name")) if isinstance(i, dict) else str(i) for i in items]
        n = rule.setting("n", 3)
        listing = "\n".join(f"{number}. {name}" for number, name in enumerate(names, 1))
        run.data["pending"] = {**pending, "kind": "pick", "n": n,
                               "text": M.PICK_TOP(run.language).format(n=n, items=listing)}
        if ask:
            run.replies.append(pending_reply(run, run.data["pending"]))
        return
    if rule.sharpen == "fields" and isinstance(pending["value"], dict) and pending.get("fields"):
        run.data["partial"] = dict(pending["value"])
        run.data["todo"] = [f.name for f in run.form_of(question).fields if f.name in pending["fields"]]
    if ask:
        run.ask_current()


def resolve_pick(run: TurnRun, pending: dict[str, Any], raw: str) -> None:
    items = pending["value"]
    names = [str(i.get("name")) if isinstance(i, dict) else str(i) for i in items]
    chosen: list[int] = []
    try:
        wanted = listed_numbers([raw]) or parse_list(raw)
    except ParseError:
        wanted = []
    for word in wanted:
        index = int(word) - 1 if word.isdigit() else next((n for n, name in enumerate(names)
                                                           if same_group(word, name)), -1)
        if 0 <= index < len(items) and index not in chosen:
            chosen.append(index)
    if not chosen:
        run.say(ReplyKind.PROBLEM, M.PICK_UNREAD)
        run.replies.append(pending_reply(run, pending))
        return
    run.data.pop("pending", None)
    rest = [items[n] for n in range(len(items)) if n not in chosen]
    if rest:
        run.data["later"] = {"question": run.question.id, "items": rest}
        shown = [str(i.get("name")) if isinstance(i, dict) else str(i) for i in rest]
        run.say(ReplyKind.CONFIRM, M.LATER_KEPT, items=", ".join(shown))
    value = [items[n] for n in chosen]
    if pending.get("when") == "done":
        run.data["collected"] = value
    review(run, run.question, value, raw, pending.get("when", "answer"))


def picked_from_source(run: TurnRun, question: Question, value: Any) -> Any:
    """Focus groups typed as numbers (`1, 3`) are the target groups of step 1 with those numbers."""
    source_rule = next((r for r in rules_for(run, question, "answer") if r.check == "not_in_answer"), None)
    if source_rule is None or not isinstance(value, list):
        return value
    value = listed_numbers(value) or value
    source = run.current_value_of(source_rule.setting("source")) or []
    # Numbers and names mixed ("2, studenten"): each number is the group with that number, each name itself.
    return [source[int(v) - 1] if str(v).isdigit() and 1 <= int(v) <= len(source) else v for v in value]


def commit(run: TurnRun, question: Question, value: Any, raw: str | None, when: str) -> None:
    """Store the answer with what the team kept, withdraw kept points that no longer hold, and move on."""
    keeping = run.data.pop("keeping", [])
    later = run.data.pop("later", None)
    run.data.pop(_SKIP_KEYS["answer"], None)
    item = item_label(question, value, run, when)
    if when == "done":
        if value != run.current_value(question):
            run.write(question, value, None)
        stored_at = (question.id, "")
    else:
        stored_at = store(run, question, value, raw)
    version = run.answers[stored_at].version if stored_at in run.answers else None
    labels = []
    for kept in keeping:
        run.write_at(KEPT, kept_key(kept["rule"], question.id, kept["item"]),
                     {"rule": kept["rule"], "question": question.id, "item": kept["item"],
                      "answer_version": version, "quote": kept["quote"]}, None)
        rule = run.flow.rules.by_id(kept["rule"])  # type: ignore[union-attr]
        if rule is not None:
            labels.append(rule.kept(run.language))
    if labels:  # one note for everything kept on this answer
        run.say(ReplyKind.CONFIRM, M.KEPT_NOTED, label="; ".join(labels),
                element=run.flow.element(question.element_id).title(run.language).lower())
    if later:
        run.write_at(LATER, later["question"], later["items"], None)
    withdraw_stale(run, question, value, item, when, {k["rule"] for k in keeping})
    after_commit(run, question, value, when)


def withdraw_stale(run: TurnRun, question: Question, value: Any, item: str, when: str, kept_now: set[str]) -> None:
    context = rule_context(run, question)
    for rule in rules_for(run, question, when):
        key = kept_key(rule.id, question.id, item)
        stored = run.answers.get((KEPT, key))
        if rule.id in kept_now or stored is None or stored.status == WITHDRAWN:
            continue
        if check(rule, value, context) is None:
            run.write_at(KEPT, key, stored.value, None, status=WITHDRAWN)


def store(run: TurnRun, question: Question, value: Any, raw: str | None) -> tuple[str, str]:
    """Write an answer the coach has reviewed; returns where it is stored."""
    if question.id == FOCUS_GROUPS:
        for write in removal_writes(run.answers, run.current_value(question), value):
            run.write_at(write.question_id, write.item_key, write.value, write.raw, write.status)
    status = "draft" if isinstance(value, dict) and value.get("_draft") else "final"
    if question.collect:
        collected = [*(run.data.get("collected") or []), value]
        run.data["collected"] = collected
        run.write(question, collected, None, status)
    else:
        run.write(question, value, raw, status)
    return (question.id, run.current_item())


def after_commit(run: TurnRun, question: Question, value: Any, when: str) -> None:
    if question.collect and when == "answer":
        name = value.get("name") or value.get("what") if isinstance(value, dict) else None
        run.say(ReplyKind.CONFIRM, M.COLLECT_MORE, name=name or "", n=len(run.data.get("collected") or []))
        run.ask_current()
        return
    if question.id == "flywheel.project_manager" and isinstance(value, str) and not weak(run, question, value):
        offer_project_manager_role(run, person_name(value))
    run.advance()


_NAME_PARTICLES = {"van", "de", "der", "den", "ten", "ter", "le", "la", "d'", "von"}


def person_name(answer: str) -> str:
    """The person an answer names: `Sanne` in "Sanne van het team", `Sanne de Vries` in "Sanne de Vries"."""
    words: list[str] = []
    for word in answer.strip().split():
        word = word.strip(".,;:()")
        if not word or not (word[0].isupper() or (words and word.lower() in _NAME_PARTICLES)):
            break
        words.append(word)
    while words and words[-1].lower() in _NAME_PARTICLES:
        words.pop()
    return " ".join(words) or answer.strip().split()[0]


def offer_project_manager_role(run: TurnRun, name: str) -> None:
    """Offer to make the named project manager the bot's project manager too (`rol <naam> projectmanager`)."""
    verb = "role" if run.language == "en" else "rol"
    run.replies.append(Reply(ReplyKind.TEXT, M.PM_ROLE_OFFER(run.language).format(name=name),
                              actions=(Choice(f"{verb} {name} projectmanager",
                                              M.PM_ROLE_BUTTON(run.language).format(name=name)),),
                              meta={"menu": True, "kind": "role_offer"}))
