"""Slack's documented Block Kit limits as a checker over recorded Web API calls: a list of what breaks them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from tests.slack.fake_slack_api import Call

# api.slack.com/reference/block-kit/blocks, /block-elements, /composition-objects, /surfaces/views
_LEAKS = re.compile(r"golden_circle|_kept\b|[._]overall|overall[._]|\bNone\b|\b[a-z]+_[a-z]+\.[a-z_]+\b")


def _text(obj: Any) -> str:
    return obj.get("text", "") if isinstance(obj, dict) else ""


def _check_element(el: dict[str, Any], where: str, out: list[str]) -> None:
    kind = el.get("type")
    if "action_id" in el and len(el["action_id"]) > 255:
        out.append(f"{where}: action_id {len(el['action_id'])} > 255")
    if kind == "button":
        if len(_text(el.get("text"))) > 75:
            out.append(f"{where}: button text {len(_text(el['text']))} > 75")
        if len(el.get("value", "")) > 2000:
            out.append(f"{where}: button value {len(el['value'])} > 2000")
    if kind in ("static_select", "multi_static_select", "overflow", "radio_buttons", "checkboxes"):
        options = el.get("options", [])
        cap = {"overflow": 5, "radio_buttons": 10, "checkboxes": 10}.get(kind, 100)
        if len(options) > cap:
            out.append(f"{where}: {kind} options {len(options)} > {cap}")
        for o in options:
            if len(_text(o.get("text"))) > 75:
                out.append(f"{where}: option text {len(_text(o['text']))} > 75")
            if len(o.get("value", "")) > 150:
                out.append(f"{where}: option value {len(o['value'])} > 150")
    if kind == "plain_text_input":
        if el.get("max_length", 3000) > 3000:
            out.append(f"{where}: max_length {el['max_length']} > 3000")
        initial = el.get("initial_value", "")
        if len(initial) > min(3000, el.get("max_length", 3000)):
            out.append(f"{where}: initial_value {len(initial)} > max_length {el.get('max_length', 3000)}")
        if len(_text(el.get("placeholder"))) > 150:
            out.append(f"{where}: placeholder > 150")


def check_blocks(blocks: list[dict[str, Any]], where: str, cap: int) -> list[str]:
    out: list[str] = []
    if len(blocks) > cap:
        out.append(f"{where}: {len(blocks)} blocks > {cap}")
    block_ids: set[str] = set()
    action_ids: set[str] = set()
    for i, b in enumerate(blocks):
        at = f"{where} block {i} ({b.get('type')})"
        bid = b.get("block_id")
        if bid is not None:
            if len(bid) > 255:
                out.append(f"{at}: block_id {len(bid)} > 255")
            if bid in block_ids:
                out.append(f"{at}: block_id {bid!r} repeated")
            block_ids.add(bid)
        kind = b.get("type")
        if kind == "section":
            text = _text(b.get("text"))
            if len(text) > 3000:
                out.append(f"{at}: section text {len(text)} > 3000")
            if not text and not b.get("fields"):
                out.append(f"{at}: section without text")
            if _LEAKS.search(text):
                out.append(f"{at}: internal code in {_LEAKS.search(text)[0]!r}: {text[:120]!r}")
            for f in b.get("fields", []):
                if len(_text(f)) > 2000:
                    out.append(f"{at}: field text > 2000")
            if len(b.get("fields", [])) > 10:
                out.append(f"{at}: > 10 fields")
            if "accessory" in b:
                _check_element(b["accessory"], at, out)
        if kind == "header" and len(_text(b.get("text"))) > 150:
            out.append(f"{at}: header text {len(_text(b['text']))} > 150")
        if kind == "context":
            if len(b.get("elements", [])) > 10:
                out.append(f"{at}: context elements > 10")
            for e in b.get("elements", []):
                if len(_text(e)) > 3000:
                    out.append(f"{at}: context text {len(_text(e))} > 3000")
                if _LEAKS.search(_text(e)):
                    out.append(f"{at}: internal code in context {_text(e)[:120]!r}")
        if kind == "actions" and len(b.get("elements", [])) > 25:
            out.append(f"{at}: actions elements {len(b['elements'])} > 25")
        if kind == "input":
            if len(_text(b.get("label"))) > 2000:
                out.append(f"{at}: input label > 2000")
            if len(_text(b.get("hint"))) > 2000:
                out.append(f"{at}: input hint > 2000")
        if kind == "image" and len(b.get("alt_text", "")) > 2000:
            out.append(f"{at}: image alt_text > 2000")
        for el in [*b.get("elements", []), *([b["element"]] if "element" in b else [])]:
            if not isinstance(el, dict):
                continue
            _check_element(el, at, out)
            aid = el.get("action_id")
            if aid is not None and kind != "input":
                if aid in action_ids:
                    out.append(f"{at}: action_id {aid!r} repeated")
                action_ids.add(aid)
    return out


def _blocks(params: dict[str, Any]) -> list[dict[str, Any]] | None:
    blocks = params.get("blocks")
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    return blocks


def check_call(call: Call) -> list[str]:
    p = call.params
    where = f"{call.method}"
    out: list[str] = []
    if call.method in ("chat.postMessage", "chat.update", "chat.postEphemeral"):
        blocks = _blocks(p)
        text = p.get("text") or ""
        where += f" {text[:40]!r}"
        if blocks and not text.strip():
            out.append(f"{where}: no text fallback")
        if len(text) > 40000:
            out.append(f"{where}: text {len(text)} > 40000")
        if _LEAKS.search(text):
            out.append(f"{where}: internal code in text {_LEAKS.search(text)[0]!r}")
        if blocks is not None:
            out += check_blocks(blocks, where, 50)
            # Undocumented total past which Slack answers msg_blocks_too_long (slackapi/bolt-js#2509: ~13,200).
            if len(json.dumps(blocks, ensure_ascii=False)) > 12_000:
                out.append(f"{where}: blocks {len(json.dumps(blocks, ensure_ascii=False))} characters > 12,000")
    if call.method in ("views.open", "views.publish", "views.update", "views.push"):
        view = p["view"] if isinstance(p["view"], dict) else json.loads(p["view"])
        cap = 100
        out += check_blocks(view.get("blocks", []), where, cap)
        for key in ("title", "submit", "close"):
            if key in view and len(_text(view[key])) > 24:
                out.append(f"{where}: {key} {len(_text(view[key]))} > 24: {_text(view[key])!r}")
        if len(view.get("private_metadata", "")) > 3000:
            out.append(f"{where}: private_metadata {len(view['private_metadata'])} > 3000")
        if len(view.get("callback_id", "")) > 255:
            out.append(f"{where}: callback_id > 255")
    if call.method == "files.completeUploadExternal":
        comment = p.get("initial_comment") or ""
        if _LEAKS.search(comment):
            out.append(f"{where}: internal code in comment")
    return out


def check_calls(calls: Iterable[Call]) -> list[str]:
    return [problem for call in calls for problem in check_call(call)]
