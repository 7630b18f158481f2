"""The summary as a reply built from the strategy model: page one as Markdown for every platform's
text, and the model itself in `meta["strategy"]`, from which Slack draws Block Kit and Teams an
Adaptive Card. The `samenvatting` command and the finish of the flow show it (TurnRun.summary_reply)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from flows import strategy_labels as L
from flows.definition import Flow
from flows.session import StoredAnswer
from flows.strategy import build_strategy
from flows.strategy_codec import strategy_to_dict
from flows.strategy_markdown import render_markdown
from flows.types import Choice, Reply, ReplyKind


def strategy_summary_reply(flow: Flow, answers: Mapping[tuple[str, str], StoredAnswer], language: str,
                           today: date, team: str = "") -> Reply:
    strategy = build_strategy(flow, answers, language, today, team)
    return Reply(ReplyKind.SUMMARY, render_markdown(strategy, full=False),
                 actions=(Choice("/document", L.DOCUMENT_BUTTON(language)),),
                 meta={"strategy": strategy_to_dict(strategy)})
