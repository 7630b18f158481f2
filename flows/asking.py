"""Building the reply that asks a question: its text, buttons, form and progress, in the team's language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flows import messages as M
from flows.definition import Flow, FormDef, Question
from flows.formatting import format_answer, format_field
from flows.types import Choice, Form, FormField, Reply, ReplyKind

_AXIS_LABELS = {
    "nl": ("Helemaal {l}", "Vooral {l}", "Balans", "Vooral {r}", "Helemaal {r}"),
    "en": ("Fully {l}", "Mostly {l}", "Balanced", "Mostly {r}", "Fully {r}"),
}


def _mid_sentence(word: str) -> str:
    return word if word[:2].isupper() else word[:1].lower() + word[1:]


def help_actions(language: str, collect: bool = False) -> tuple[Choice, ...]:
    words = ("help", "skip", "done") if language == "en" else ("help", "overslaan", "klaar")
    labels = ("Help", "Skip", "Done") if language == "en" else ("Help", "Overslaan", "Klaar")
    actions = [Choice(words[0], labels[0]), Choice(words[1], labels[1])]
    if collect:
        actions.append(Choice(words[2], labels[2]))
    return tuple(actions)


def question_choices(question: Question, language: str) -> tuple[Choice, ...]:
    if question.kind == "choice":
        return tuple(Choice(o.value, o.label(language)) for o in question.options)
    if question.kind == "axis" and question.axis:
        # Side names sit mid-sentence ("Helemaal bestaande klanten"); the console numbers the choices itself.
        left, right = (_mid_sentence(side(language)) for side in question.axis)
        labels = _AXIS_LABELS["en" if language == "en" else "nl"]
        return tuple(Choice(str(n), label.format(l=left, r=right)) for n, label in enumerate(labels, 1))
    return ()


def build_form(form: FormDef, question: Question, title: str, language: str,
               partial: Mapping[str, Any]) -> Form:
    fields = tuple(
        FormField(
            name=f.name, label=f.label(language), kind=f.kind, required=f.required,
            hint=f.hint(language) if f.hint else None,
            choices=tuple(Choice(o.value, o.label(language)) for o in f.options),
            value=format_field(f, partial[f.name], language) if partial.get(f.name) is not None else None,
        )
        for f in form.fields
    )
    submit = "Save" if language == "en" else "Opslaan"
    return Form(form_id=question.id, title=title, fields=fields, submit_label=submit)


def ask(flow: Flow, question: Question, language: str, *, item: str | None = None,
        item_position: tuple[int, int] | None = None, with_intro: bool = False,
        partial: Mapping[str, Any] | None = None, field_name: str | None = None,
        current: Any = None, collected: Sequence[Any] = (), form_def: FormDef | None = None,
        context: Sequence[str] = ()) -> Reply:
    """The QUESTION reply for `question` (and, for forms asked field by field, the current field).

    `form_def` is the question's form with its choices filled in (default: as the flow defines it);
    `context` are the coach's lines shown before the question (e.g. the group's buying motives).
    """
    element = flow.element(question.element_id)
    parts: list[str] = []
    if with_intro and element.intro:
        parts.append(element.intro(language))
    parts.extend(context)
    text = question.ask(language).replace("{item}", item or "")
    if item_position:
        n, total = item_position
        text += " " + M.FOR_ITEM(language).format(n=n, total=total, item=item)
    parts.append(text)
    if current is not None and not question.collect:
        parts.append(M.EDIT_CURRENT(language).split("\n")[0].format(value=format_answer(flow, question, current,
                                                                                         language)))
    form = None
    choices = question_choices(question, language)
    if question.is_form:
        form_def = form_def or flow.forms[question.form or question.kind]
        form = build_form(form_def, question, element.title(language), language, partial or {})
        if field_name:
            field = form_def.field(field_name)
            index = [f.name for f in form_def.fields].index(field_name) + 1
            prompt = M.FORM_FIELD(language).format(form=form_def.title(language), label=field.label(language),
                                                    n=index, total=len(form_def.fields))
            if field.hint:
                prompt += f" — {field.hint(language)}"
            if not field.required:
                prompt += f" {M.FORM_OPTIONAL(language)}"
            if index > 1 and not with_intro:
                # The question itself was shown with the first field; later fields need only their prompt.
                parts = []
                if item_position:
                    n, total = item_position
                    prompt += " " + M.FOR_ITEM(language).format(n=n, total=total, item=item)
            parts.append(prompt)
            choices = tuple(Choice(o.value, o.label(language)) for o in field.options)
    position = flow.index(question.id) + 1
    progress = M.QUESTION_PROGRESS(language).format(n=position, total=len(flow.questions))
    return Reply(
        kind=ReplyKind.QUESTION, text="\n\n".join(parts), title=f"{element.title(language)} · {progress}",
        choices=choices, actions=help_actions(language, question.collect), form=form, question_id=question.id,
        step_id=question.step_id,
        meta={"kind": question.kind, "field": field_name, "item": item, "progress": position,
              "total": len(flow.questions), "collected": len(collected)},
    )


def step_intro(flow: Flow, step_id: str, language: str) -> Reply:
    step = flow.step(step_id)
    actions: tuple[Choice, ...] = ()
    if step.skippable:
        actions = (Choice("skip step", "Skip this step") if language == "en"
                   else Choice("overslaan stap", "Stap overslaan"),)
    return Reply(kind=ReplyKind.STEP_INTRO, title=step.title(language), text=step.intro(language),
                 actions=actions, step_id=step_id)
