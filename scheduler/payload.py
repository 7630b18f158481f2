"""Replies to JSON and back, so an outbox row holds exactly what will be posted (retries resend it)."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

from flows.types import Chart, ChartSeries, Choice, Form, FormField, Reply, ReplyKind


def _choices(items: Sequence[Choice]) -> list[dict[str, str]]:
    return [{"value": c.value, "label": c.label} for c in items]


def _from_choices(items: Sequence[dict[str, str]]) -> tuple[Choice, ...]:
    return tuple(Choice(i["value"], i["label"]) for i in items)


def dump(replies: Sequence[Reply]) -> list[dict[str, Any]]:
    out = []
    for r in replies:
        item: dict[str, Any] = {"kind": str(r.kind), "text": r.text}
        for name in ("title", "question_id", "step_id", "replaces", "image_alt", "filename"):
            if getattr(r, name) is not None:
                item[name] = getattr(r, name)
        if r.choices:
            item["choices"] = _choices(r.choices)
        if r.actions:
            item["actions"] = _choices(r.actions)
        if r.image is not None:
            item["image"] = base64.b64encode(r.image).decode()
        if r.file is not None:
            item["file"] = base64.b64encode(r.file).decode()
        if r.chart is not None:
            item["chart"] = chart_to_dict(r.chart)
        if r.meta:
            item["meta"] = dict(r.meta)
        if r.form is not None:
            item["form"] = {
                "form_id": r.form.form_id, "title": r.form.title, "submit_label": r.form.submit_label,
                "fields": [
                    {"name": f.name, "label": f.label, "kind": f.kind, "required": f.required, "hint": f.hint,
                     "choices": _choices(f.choices), "value": f.value, "max_length": f.max_length}
                    for f in r.form.fields
                ],
            }
        out.append(item)
    return out


def chart_to_dict(chart: Chart) -> dict[str, Any]:
    return {"title": chart.title, "labels": list(chart.labels), "unit": chart.unit, "kind": chart.kind,
            "series": [{"name": s.name, "values": list(s.values), "role": s.role} for s in chart.series]}


def chart_from_dict(raw: dict[str, Any]) -> Chart:
    series = tuple(ChartSeries(s["name"], tuple(s["values"]), s.get("role", "actual")) for s in raw["series"])
    return Chart(raw["title"], tuple(raw["labels"]), series, raw.get("unit"), raw.get("kind", "line"))


def load(items: Sequence[dict[str, Any]]) -> list[Reply]:
    replies = []
    for item in items:
        form = None
        if "form" in item:
            raw = item["form"]
            fields = tuple(
                FormField(name=f["name"], label=f["label"], kind=f["kind"], required=f["required"], hint=f["hint"],
                          choices=_from_choices(f["choices"]), value=f["value"], max_length=f["max_length"])
                for f in raw["fields"]
            )
            form = Form(raw["form_id"], raw["title"], fields, raw["submit_label"])
        replies.append(Reply(
            kind=ReplyKind(item["kind"]), text=item["text"], title=item.get("title"),
            choices=_from_choices(item.get("choices", ())), actions=_from_choices(item.get("actions", ())),
            form=form, question_id=item.get("question_id"), step_id=item.get("step_id"),
            replaces=item.get("replaces"),
            image=base64.b64decode(item["image"]) if "image" in item else None, image_alt=item.get("image_alt"),
            file=base64.b64decode(item["file"]) if "file" in item else None, filename=item.get("filename"),
            chart=chart_from_dict(item["chart"]) if "chart" in item else None,
            meta=item.get("meta", {}),
        ))
    return replies
