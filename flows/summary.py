"""The chat summary (`samenvatting` / `summary`, and the end of the flow): page one of the strategy.

Drawn from the same model as the document (flows/strategy.py), so the chat, Slack's blocks, Teams'
card and the export say the same thing; what is open and what was kept against advice are the
coach's own lists (flows/consistency.py), as in `status` and the recaps.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flows.definition import Flow
from flows.strategy import build_strategy, stored
from flows.strategy_markdown import render_markdown
from flows.strategy_reply import strategy_summary_reply
from flows.types import Reply


def summary_reply(flow: Flow, answers: Mapping[tuple[str, str], Any], language: str, today: date,
                  team_name: str = "") -> Reply:
    """Page one as Markdown, the model in `meta["strategy"]` (Slack's blocks, Teams' card), a document button."""
    return strategy_summary_reply(flow, stored(answers), language, today, team_name)


def strategy_markdown(flow: Flow, answers: Mapping[tuple[str, str], Any], language: str, today: date,
                      team_name: str = "") -> str:
    """Page one as Markdown. `answers` are stored answers (with `.value` and `.status`) or plain values."""
    return render_markdown(build_strategy(flow, stored(answers), language, today, team_name), full=False)
