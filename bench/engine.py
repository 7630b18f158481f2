"""Benchmark: turns per second and p50/p99 per turn of the coach over the whole flow.

Measured in one run, side by side:
- floor:   the engine's transitions alone, state in memory, no storage;
- sqlite:  the full turn (load state, validate, transition, save answers + state, render) on SQLite;
- postgres: the same on PostgreSQL (skipped with a note when the server is not reachable);
- peer:    a Bot Framework waterfall dialog (botbuilder-dialogs) asking the same number of text prompts,
           its state in memory (MemoryStorage), driven through botbuilder's TestAdapter.

Run: .venv/bin/python bench/engine.py [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.config import Settings
from bot.context import AppContext
from bot.render_text import render_replies
from flows.definition import default_flow
from flows.engine import Engine
from flows.session import StoredAnswer, TeamView, Turn, TurnContext
from flows.types import Inbound
from storage.migrate import upgrade
from storage.scratch import scratch_postgres, why_unreachable
from tests.scripts import DUTCH

SCRIPT = ["start", *DUTCH]
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def figures(name: str, samples: list[float]) -> dict[str, float | str]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return {"name": name, "turns": len(samples), "turns_per_s": len(samples) / sum(samples),
            "p50_ms": statistics.median(samples) * 1000, "p99_ms": p99 * 1000}


def bench_floor(rounds: int) -> dict[str, float | str]:
    engine = Engine(default_flow())
    context = TurnContext(today=date(2026, 11, 23))
    samples = []
    for _ in range(rounds):
        view = TeamView()
        for text in SCRIPT:
            started = time.perf_counter()
            outcome = engine.handle(view, Turn(text=text), context)
            answers = dict(view.answers)
            for write in outcome.writes:
                answers[(write.question_id, write.item_key)] = StoredAnswer(write.value, write.status)
            view = TeamView(state=outcome.state, data=outcome.data, answers=answers, language=outcome.language)
            samples.append(time.perf_counter() - started)
    return figures("floor (engine, memory)", samples)


async def bench_service(name: str, url: str, rounds: int) -> dict[str, float | str]:
    upgrade(url)
    ctx = AppContext.create(Settings(database_url=url), clock=lambda: datetime(2026, 11, 23, tzinfo=UTC))
    samples = []
    try:
        for _ in range(rounds):
            team = uuid.uuid4().hex[:10]
            for text in SCRIPT:
                inbound = Inbound(platform="console", workspace="bench", team=team, user="anna", text=text)
                started = time.perf_counter()
                render_replies(await ctx.service.handle(inbound))
                samples.append(time.perf_counter() - started)
    finally:
        await ctx.close()
    return figures(name, samples)


async def bench_peer(rounds: int) -> dict[str, float | str]:
    from botbuilder.core import ConversationState, MemoryStorage, MessageFactory
    from botbuilder.core import TurnContext as BfTurnContext
    from botbuilder.core.adapters import TestAdapter
    from botbuilder.dialogs import DialogSet, DialogTurnStatus, WaterfallDialog, WaterfallStepContext
    from botbuilder.dialogs.prompts import PromptOptions, TextPrompt

    questions = [q.ask.nl for q in default_flow().questions]
    prompts = len(SCRIPT) - 1  # the same number of answered turns as the coach's script

    def step(index: int):
        async def ask(step_context: WaterfallStepContext):
            if index > 0:
                step_context.values[f"a{index - 1}"] = step_context.result
            text = questions[index % len(questions)]
            return await step_context.prompt("text", PromptOptions(prompt=MessageFactory.text(text)))
        return ask

    async def last(step_context: WaterfallStepContext):
        await step_context.context.send_activity("Klaar!")
        return await step_context.end_dialog(dict(step_context.values))

    def waterfall_bot():
        state = ConversationState(MemoryStorage())
        dialogs = DialogSet(state.create_property("dialog"))
        dialogs.add(TextPrompt("text"))
        dialogs.add(WaterfallDialog("main", [step(i) for i in range(prompts)] + [last]))

        async def logic(turn_context: BfTurnContext) -> None:
            dialog_context = await dialogs.create_context(turn_context)
            result = await dialog_context.continue_dialog()
            if result.status == DialogTurnStatus.Empty:
                await dialog_context.begin_dialog("main")
            await state.save_changes(turn_context)

        return logic

    samples = []
    for _ in range(rounds):
        adapter = TestAdapter(waterfall_bot())
        for text in SCRIPT:
            started = time.perf_counter()
            await adapter.receive_activity(text)
            samples.append(time.perf_counter() - started)
            adapter.activity_buffer.clear()
    return figures("peer (botbuilder waterfall, memory)", samples)


async def main(rounds: int) -> None:
    results = [bench_floor(rounds)]
    with tempfile.TemporaryDirectory() as folder:
        results.append(await bench_service("coach on SQLite", f"sqlite:///{folder}/bench.db", rounds))
    unreachable = why_unreachable(PG_ADMIN)
    if unreachable:
        print(f"PostgreSQL not reachable on 127.0.0.1:5432 ({unreachable}): its row is left out")
    else:
        with scratch_postgres(PG_ADMIN, "coach_bench") as pg:
            results.append(await bench_service("coach on PostgreSQL", pg, rounds))
    results.append(await bench_peer(rounds))
    print(f"{len(SCRIPT)} turns per flow, {rounds} flows per configuration")
    print(f"{'configuration':40} {'turns':>6} {'turns/s':>9} {'p50 ms':>8} {'p99 ms':>8}")
    for row in results:
        print(f"{row['name']:40} {row['turns']:>6} {row['turns_per_s']:>9.0f} {row['p50_ms']:>8.2f} "
              f"{row['p99_ms']:>8.2f}")
    peer = next(r for r in results if str(r["name"]).startswith("peer"))
    sqlite = next(r for r in results if r["name"] == "coach on SQLite")
    print(f"coach on SQLite vs peer: {sqlite['turns_per_s'] / peer['turns_per_s']:.2f}x turns/s "
          f"(goal >= 1.3x: the coaching rules must not cost the engine its lead); "
          f"SQLite p99 {sqlite['p99_ms']:.2f} ms (goal < 5 ms)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    asyncio.run(main(parser.parse_args().rounds))
