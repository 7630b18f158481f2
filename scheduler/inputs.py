"""What check-ins, leadership summaries and experiment prompts show beyond the team bundle, loaded in bulk.

The scan loads these in its batch's short read transaction, beside the reports' KPI history
(`state.preload_history`): one query per table for the whole batch. Building the payloads afterwards
needs no database, so no transaction stays open while a batch's posts are put together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scheduler.documents import StrategyDocument, current_document
from scheduler.due import Post
from scheduler.state import TeamBundle, preload_history
from storage.cycle_models import Evaluation, Experiment, UnreachableRecipient
from storage.models import Answer, TeamSession
from storage.slack_failures import DeliveryFailure, channels_delivery_failures

ACTIONS = "time_knowledge.actions"
GROUPS = "focus_groups.groups"
PROPOSITIONS = "propositions.proposition"
# The check-in is weekly: it shows what did not arrive since the previous one.
FAILURES_SINCE = timedelta(days=7)


@dataclass(frozen=True)
class CheckinInputs:
    conversation: str | None  # the question the team's conversation is at; None before it started
    actions: list[dict[str, Any]]
    unreachable: list[tuple[str, str]]  # (recipient, address) of posts not delivered yet
    failures: list[DeliveryFailure]  # the coach's Slack replies that never arrived, in the past week


@dataclass(frozen=True)
class LeadershipInputs:
    answers: dict[tuple[str, str], Any]  # (question, item) -> the newest value: focus groups and propositions
    evaluations: dict[str, list[Evaluation]]  # by period, in the order they came in
    document: StrategyDocument | None


async def _answers(session: AsyncSession, team_ids: list[int],
                   questions: tuple[str, ...]) -> dict[int, dict[tuple[str, str], Any]]:
    found: dict[int, dict[tuple[str, str], Any]] = defaultdict(dict)
    rows = await session.execute(
        select(Answer.team_id, Answer.question_id, Answer.item_key, Answer.value)
        .where(Answer.team_id.in_(team_ids), Answer.question_id.in_(questions))
        .order_by(Answer.team_id, Answer.question_id, Answer.item_key, Answer.version))
    for team_id, question, item, value in rows:
        found[team_id][(question, item)] = value  # versions ascending: the newest stays
    return found


async def load_checkin_inputs(session: AsyncSession, bundles: Iterable[TeamBundle], now: datetime) -> None:
    wanted = {b.team_id: b for b in bundles if b.checkin_inputs is None}
    if not wanted:
        return
    ids = sorted(wanted)
    conversations = dict((await session.execute(
        select(TeamSession.team_id, TeamSession.state).where(TeamSession.team_id.in_(ids)))).all())
    answers = await _answers(session, ids, (ACTIONS,))
    unreachable: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for team_id, recipient, address in await session.execute(
            select(UnreachableRecipient.team_id, UnreachableRecipient.recipient, UnreachableRecipient.address)
            .where(UnreachableRecipient.team_id.in_(ids), UnreachableRecipient.resolved_at.is_(None))):
        unreachable[team_id].append((recipient, address))
    # Only Slack records replies it could not deliver (bot/slack/retrying.py); a team is its channel there.
    failures = await channels_delivery_failures(
        session, [(b.workspace, b.external_id) for b in wanted.values() if b.platform == "slack"],
        now - FAILURES_SINCE)
    for team_id, bundle in wanted.items():
        actions = answers.get(team_id, {}).get((ACTIONS, ""))
        bundle.checkin_inputs = CheckinInputs(
            conversation=conversations.get(team_id), actions=actions if isinstance(actions, list) else [],
            unreachable=unreachable.get(team_id, []), failures=failures.get((bundle.workspace, bundle.external_id), []))


async def load_leadership_inputs(session: AsyncSession, wanted: Iterable[tuple[TeamBundle, str]]) -> None:
    """For each (team, period) of a summary: the strategy's answers, the period's evaluations, the document."""
    periods: dict[int, set[str]] = defaultdict(set)
    bundles: dict[int, TeamBundle] = {}
    for bundle, period in wanted:
        if bundle.leadership_inputs is None or period not in bundle.leadership_inputs.evaluations:
            periods[bundle.team_id].add(period)
            bundles[bundle.team_id] = bundle
    if not bundles:
        return
    ids = sorted(bundles)
    await preload_history(session, bundles.values())
    await load_experiments(session, bundles.values())
    answers = await _answers(session, ids, (GROUPS, PROPOSITIONS))
    evaluations: dict[tuple[int, str], list[Evaluation]] = defaultdict(list)
    for e in await session.scalars(select(Evaluation).where(
            Evaluation.team_id.in_(ids), Evaluation.period.in_(sorted(set().union(*periods.values()))))
            .order_by(Evaluation.id)):
        evaluations[(e.team_id, e.period)].append(e)
    for team_id, bundle in bundles.items():
        # A registered source may read the database too: it is asked here, inside this read, not while building.
        document = await current_document(session, team_id, bundle.language)
        earlier = bundle.leadership_inputs.evaluations if bundle.leadership_inputs is not None else {}
        bundle.leadership_inputs = LeadershipInputs(
            answers=answers.get(team_id, {}), document=document,
            evaluations={**earlier, **{p: evaluations.get((team_id, p), []) for p in periods[team_id]}})


async def load_experiments(session: AsyncSession, bundles: Iterable[TeamBundle]) -> None:
    """Every experiment of these teams (a handful each): the prompts ask about one, summaries list the newest."""
    wanted = {b.team_id: b for b in bundles if b.experiments is None}
    if not wanted:
        return
    for bundle in wanted.values():
        bundle.experiments = {}
    for exp in await session.scalars(select(Experiment).where(Experiment.team_id.in_(sorted(wanted)))):
        wanted[exp.team_id].experiments[exp.id] = exp  # type: ignore[index]


async def preload(session: AsyncSession, due: Iterable[tuple[TeamBundle, Post]], now: datetime) -> None:
    """Everything the batch's due posts show, so that building them needs no database."""
    due = list(due)
    await preload_history(session, [b for b, p in due if p.kind == "report"])
    await load_checkin_inputs(session, [b for b, p in due if p.kind == "checkin"], now)
    await load_leadership_inputs(session, [(b, p.period) for b, p in due if p.kind == "leadership"])
    await load_experiments(session, [b for b, p in due if p.kind == "experiment"])
