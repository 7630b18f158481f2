"""The monthly cycle's chat commands, plugged into the coach service.

Dutch and English verbs: schema/schedule, rapport/report, openstaand/due, waarde/value,
afwezig/away, evaluatie/evaluate, experiment, export; plus the reminder's value form, the
evaluation form and the experiment buttons (question ids starting with "cycle:").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from flows.formatting import format_date, format_kpi_value
from flows.types import Inbound, Reply, ReplyKind, Role
from scheduler import content, schedule_config
from scheduler import messages as m
from scheduler.away import read_away
from scheduler.due import entry_period, missing_owners, open_period, reported_period
from scheduler.export import kpi_csv
from scheduler.state import TeamBundle, load_bundles
from scheduler.timing import local_date, parse_period, period_of, shift_period
from scheduler.values import (
    SKIP_WORDS,
    find_kpi,
    impossible_value,
    is_value_argument,
    parse_value,
    read_period,
    save_value,
    split_name_and_value,
    split_period,
)
from storage import repo
from storage.cycle_models import AwayPeriod, CycleSchedule, Evaluation, Experiment, KpiValue, OutboxMessage
from storage.models import Kpi, Member, Team

if TYPE_CHECKING:
    from bot.service import CoachService

Clock = Callable[[], datetime]


def _say(text: str, kind: ReplyKind = ReplyKind.CONFIRM, **extra: object) -> list[Reply]:
    return [Reply(kind, text, **extra)]  # type: ignore[arg-type]


async def _bundle(session: AsyncSession, team: Team, now: datetime) -> TeamBundle:
    bundles = await load_bundles(session, now, [team.id])
    return bundles[0]


class CycleCommands:
    def __init__(self, clock: Clock) -> None:
        self.clock = lambda: clock().astimezone(UTC)  # SQLite keeps no zone: everything stored is UTC

    async def schedule(self, session: AsyncSession, team: Team, member: Member, inbound: Inbound, arg: str,
                       language: str) -> list[Reply]:
        row = await session.get(CycleSchedule, team.id)
        if arg and Role.PROJECT_MANAGER not in await repo.roles_of(session, member.id):
            return _say(m.SCHEDULE_NOT_ALLOWED(language), ReplyKind.PROBLEM)
        if arg:
            try:
                changes = schedule_config.parse_changes(arg)
            except schedule_config.ScheduleError as exc:
                return _say(m.SCHEDULE_BAD(language).format(problem=exc.say(language)) + " "
                            + m.SCHEDULE_USAGE(language), ReplyKind.PROBLEM)
            if row is None:
                row = CycleSchedule(team_id=team.id, timezone=team.timezone)
                session.add(row)
            schedule_config.apply(row, changes)
            row.updated_at = self.clock()
            if "timezone" in changes:
                team.timezone = str(changes["timezone"])
            await session.flush()
        bundle = await _bundle(session, team, self.clock())
        text = schedule_config.describe(bundle.state.schedule, language)
        return _say(text if arg else text + "\n" + m.SCHEDULE_USAGE(language), ReplyKind.CONFIRM if arg else
                    ReplyKind.STATUS)

    async def report(self, session: AsyncSession, team: Team, member: Member, inbound: Inbound, arg: str,
                     language: str) -> list[Reply]:
        now = self.clock()
        bundle = await _bundle(session, team, now)
        latest = await session.scalar(select(KpiValue.period).where(KpiValue.team_id == team.id)
                                      .order_by(KpiValue.period.desc()).limit(1))
        period = self._named_period(arg, now, bundle) if arg.strip() else latest or open_period(now, bundle.state)
        if period is None:
            return _say(m.REPORT_BAD_PERIOD(language), ReplyKind.PROBLEM)
        bundle.language = language
        return await content.report(session, bundle, period)

    async def due(self, session: AsyncSession, team: Team, member: Member, inbound: Inbound, arg: str,
                  language: str) -> list[Reply]:
        lines = await due_lines(session, team, member, self.clock(), language)
        return _say("\n".join(lines) if lines else m.DUE_NOTHING(language), ReplyKind.STATUS)

    async def value(self, session: AsyncSession, team: Team, member: Member, inbound: Inbound, arg: str,
                    language: str) -> list[Reply]:
        now = self.clock()
        bundle = await _bundle(session, team, now)
        if not bundle.kpis:
            return _say(m.NO_KPIS(language), ReplyKind.PROBLEM)
        rest, named = split_period(arg)
        period = None
        if named is not None:
            period = read_period(named, local_date(now, bundle.state.schedule.calendar))
            if period is None:
                return _say(m.VALUE_BAD_PERIOD(language).format(text=named), ReplyKind.PROBLEM)
            if period >= period_of(local_date(now, bundle.state.schedule.calendar)):
                return _say(m.VALUE_FUTURE_PERIOD(language).format(month=m.month_name(period, language)),
                            ReplyKind.PROBLEM)
        alone = find_kpi(bundle.kpis, rest)
        if alone is not None and repo.kpi_key(rest) == alone.key:  # "waarde kosten per lead": the number is missing
            return _say(m.VALUE_NO_NUMBER(language).format(kpi=alone.name, typed=" ".join(rest.split()).lower()),
                        ReplyKind.HELP)
        name, raw = split_name_and_value(rest)
        if not name or not raw:
            return _say(m.VALUE_USAGE(language), ReplyKind.HELP)
        kpi = find_kpi(bundle.kpis, name)
        if kpi is None:
            return _say(m.VALUE_UNKNOWN_KPI(language).format(kpi=name, kpis=", ".join(k.name for k in bundle.kpis)),
                        ReplyKind.PROBLEM)
        return await self._store(session, bundle, member, kpi, raw, now, language,
                                 period or entry_period(now, bundle.state, kpi.id))

    async def _store(self, session: AsyncSession, bundle: TeamBundle, member: Member, kpi: Kpi, raw: str,
                     now: datetime, language: str, period: str) -> list[Reply]:
        month = m.month_name(period, language)
        if raw.strip().lower() in SKIP_WORDS:
            await save_value(session, bundle.state, kpi, period, None, member.name or member.external_id, now)
            return _say(m.VALUE_SKIPPED(language).format(kpi=kpi.name, month=month))
        try:
            number = parse_value(raw, language)
        except ValueError:
            return _say(m.VALUE_NOT_NUMBER(language).format(text=raw), ReplyKind.PROBLEM)
        problem = impossible_value(kpi, number, language)
        if problem is not None:
            return _say(problem, ReplyKind.PROBLEM)
        row = await save_value(session, bundle.state, kpi, period, number, member.name or member.external_id, now)
        return _say(m.VALUE_SAVED(language).format(kpi=kpi.name, value=format_kpi_value(number, kpi.unit, language),
                                                   month=month, late=m.LATE(language) if row.late else ""))

    async def away(self, session: AsyncSession, team: Team, member: Member, inbound: Inbound, arg: str,
                   language: str) -> list[Reply]:
        bundle = await _bundle(session, team, self.clock())
        found = read_away(arg, language, local_date(self.clock(), bundle.state.schedule.calendar))
        if found is None:
            return _say(m.AWAY_USAGE(language), ReplyKind.HELP)
        start, end = found
        session.add(AwayPeriod(team_id=team.id, person=member.external_id, start=start, end=end,
                               created_at=self.clock()))
        await session.flush()
        return _say(m.AWAY_SAVED(language).format(start=format_date(start.isoformat(), language),
                                                  end=format_date(end.isoformat(), language)))

    async def evaluate(self, session: AsyncSession, team: Team, member: Member, inbound: Inbound, arg: str,
                       language: str) -> list[Reply]:
        now = self.clock()
        bundle = await _bundle(session, team, now)
        bundle.language = language
        period = self._named_period(arg, now, bundle) if arg.strip() else reported_period(now, bundle.state)
        if period is None:
            return _say(m.REPORT_BAD_PERIOD(language), ReplyKind.PROBLEM)
        return content.evaluation_prompt(bundle, period)

    @staticmethod
    def _named_period(arg: str, now: datetime, bundle: TeamBundle) -> str | None:
        """The month typed after `rapport` or `evaluatie` ("november", "nov 2026", "2026-11"); None if it is none."""
        return read_period(arg, local_date(now, bundle.state.schedule.calendar))

    async def experiment(self, session: AsyncSession, team: Team, member: Member, inbound: Inbound, arg: str,
                         language: str) -> list[Reply]:
        words = arg.split()
        if len(words) == 2 and words[0].isdigit():
            return await self._decide(session, team, int(words[0]), words[1].lower(), language)
        parts = [p.strip() for p in arg.split("|")]
        if len(parts) != 3 or not parts[0] or not parts[2].isdigit():
            return _say(m.EXPERIMENT_USAGE(language), ReplyKind.HELP)
        now = self.clock()
        bundle = await _bundle(session, team, now)
        kpi = find_kpi(bundle.kpis, parts[1])
        if kpi is None and parts[1]:  # a KPI named but not found: said, never dropped as "–"
            return _say(m.VALUE_UNKNOWN_KPI(language).format(kpi=parts[1], kpis=", ".join(k.name for k in bundle.kpis)),
                        ReplyKind.PROBLEM)
        start = period_of(local_date(now, bundle.state.schedule.calendar))  # it runs from this month on
        end = shift_period(start, max(1, int(parts[2])) - 1)
        exp = Experiment(team_id=team.id, hypothesis=parts[0], kpi_id=kpi.id if kpi else None, start_period=start,
                         end_period=end, created_by=member.name, created_at=now)
        session.add(exp)
        await session.flush()
        return _say(m.EXPERIMENT_SAVED(language).format(id=exp.id, hypothesis=exp.hypothesis,
                                                        kpi=kpi.name if kpi else "–",
                                                        end=m.month_name(end, language)))

    async def _decide(self, session: AsyncSession, team: Team, exp_id: int, verdict: str,
                      language: str) -> list[Reply]:
        exp = await session.get(Experiment, exp_id)
        if exp is None or exp.team_id != team.id:
            return _say(m.EXPERIMENT_UNKNOWN(language).format(id=exp_id), ReplyKind.PROBLEM)
        success = verdict in ("succeeded", "geslaagd", "ja", "yes", "success")
        exp.status, exp.decided_at, exp.result = ("rolled_out" if success else "failed"), self.clock(), verdict
        await session.flush()
        return _say((m.EXPERIMENT_ROLLED_OUT if success else m.EXPERIMENT_CLOSED)(language).format(id=exp.id))

    async def export(self, session: AsyncSession, team: Team, member: Member, inbound: Inbound, arg: str,
                     language: str) -> list[Reply]:
        rows = (await session.execute(
            select(KpiValue, Kpi).join(Kpi, Kpi.id == KpiValue.kpi_id).where(KpiValue.team_id == team.id)
            .order_by(KpiValue.period, Kpi.id))).all()
        data = kpi_csv(rows, language)
        name = team.name or team.external_id
        return [Reply(ReplyKind.FILE, m.EXPORT_TEXT(language).format(
            team=name, rows=m.EXPORT_ROWS["one" if len(rows) == 1 else "more"](language).format(rows=len(rows))),
                      title=m.EXPORT_TITLE(language), file=data, filename=export_filename(name, language))]

    async def form(self, session: AsyncSession, team: Team, member: Member, inbound: Inbound, arg: str,
                   language: str) -> list[Reply]:
        """Answers to the reminder's value form, the evaluation form and the experiment buttons."""
        qid = inbound.question_id or ""
        now = self.clock()
        if qid.startswith(content.EXPERIMENT_PREFIX):
            return await self._decide(session, team, int(qid.removeprefix(content.EXPERIMENT_PREFIX)),
                                      (inbound.choice or inbound.text or "").lower(), language)
        if qid.startswith(content.EVALUATION_FORM_PREFIX):
            period = qid.removeprefix(content.EVALUATION_FORM_PREFIX)
            answers = dict(inbound.form or {})
            row = await session.scalar(select(Evaluation).where(
                Evaluation.team_id == team.id, Evaluation.period == period, Evaluation.person == member.external_id))
            if row is None:
                row = Evaluation(team_id=team.id, period=period, person=member.external_id, created_at=now)
                session.add(row)
            row.person_name = member.name
            row.went_well, row.went_badly = answers.get("went_well"), answers.get("went_badly")
            row.priorities = answers.get("priorities")
            await session.flush()
            return _say(m.EVAL_SAVED(language).format(month=m.month_name(period, language)) + "\n"
                        + m.EXPERIMENT_HINT(language))
        period = qid.removeprefix(content.VALUE_FORM_PREFIX) if qid.startswith(content.VALUE_FORM_PREFIX) else ""
        try:
            parse_period(period)
        except ValueError:
            period = ""
        replies: list[Reply] = []
        for who, bundle, answers in await self._form_teams(session, team, member, inbound, now):
            for key, raw in answers.items():
                kpi = next((k for k in bundle.kpis if k.key == key), None)
                if kpi is not None and str(raw or "").strip():
                    target = period or entry_period(now, bundle.state, kpi.id)  # the form's own month, always
                    replies += await self._store(session, bundle, who, kpi, str(raw), now, language, target)
        return replies or _say(m.VALUE_USAGE(language), ReplyKind.HELP)

    async def _form_teams(self, session: AsyncSession, team: Team, member: Member, inbound: Inbound,
                          now: datetime) -> list[tuple[Member, TeamBundle, dict[str, str]]]:
        """The form's answers per team: plain KPI keys are this team's; `t<id>:<key>` (a reminder that covered
        several teams) belongs to team <id>, if this person is a member there too (same workspace)."""
        grouped: dict[int, dict[str, str]] = {}
        for name, raw in (inbound.form or {}).items():
            team_part, sep, key = name.partition(":")
            if sep and team_part.startswith("t") and team_part[1:].isdigit():
                grouped.setdefault(int(team_part[1:]), {})[key] = raw
            else:
                grouped.setdefault(team.id, {})[name] = raw
        result: list[tuple[Member, TeamBundle, dict[str, str]]] = []
        for team_id, answers in grouped.items():
            other = team if team_id == team.id else await session.get(Team, team_id)
            if other is None or other.workspace_id != team.workspace_id:
                continue
            who = member if other.id == team.id else await session.scalar(select(Member).where(
                Member.team_id == other.id, Member.external_id == member.external_id))
            if who is None:
                continue
            result.append((who, await _bundle(session, other, now), answers))
        return result


async def due_lines(session: AsyncSession, team: Team, member: Member, now: datetime, language: str) -> list[str]:
    """What waits for one person in one team: KPI values to enter, their actions, the evaluation.

    Shared by the `openstaand`/`due` command and the Slack Home tab.
    """
    bundle = await _bundle(session, team, now)
    period = open_period(now, bundle.state)
    lines = []
    today = local_date(now, bundle.state.schedule.calendar)
    mine = missing_owners(bundle.state, period, today).get(member.external_id, [])
    if mine:
        names = [k.name for k in bundle.kpis if k.id in mine]
        lines.append(m.DUE_VALUES(language).format(month=m.month_name(period, language), kpis=", ".join(names)))
    actions = (await repo.current_answers(session, team.id)).get(("time_knowledge.actions", ""))
    who = {member.external_id.casefold(), (member.name or "").casefold()}
    items = [a for a in (actions.value if actions and isinstance(actions.value, list) else [])
             if str(a.get("owner") or "").lstrip("@").casefold() in who]
    if items:
        lines.append(m.DUE_ACTIONS(language).format(actions="; ".join(
            f"{a.get('what')} ({_date_words(a.get('due'), language)})" for a in items)))
    reported = reported_period(now, bundle.state)
    evaluated = await session.scalar(select(Evaluation.id).where(
        Evaluation.team_id == team.id, Evaluation.period == reported,
        Evaluation.person == member.external_id))
    prompted = await session.scalar(select(OutboxMessage.id).where(
        OutboxMessage.team_id == team.id, OutboxMessage.kind == "evaluation",
        OutboxMessage.period == reported, OutboxMessage.status == "sent"))
    if prompted is not None and evaluated is None:
        lines.append(m.DUE_EVALUATION(language).format(month=m.month_name(reported, language)))
    return lines


def _date_words(value: object, language: str) -> str:
    """An action's date as the coach says dates ("1 februari 2027"); what is not a date, as it was typed."""
    try:
        return format_date(str(value), language) if value else "–"
    except ValueError:
        return str(value)


def _is_period(arg: str) -> bool:
    # The shape only (a month in words or as 2026-11): which year a bare month means does not matter here.
    return read_period(arg, date.today()) is not None


async def names_a_kpi(session: AsyncSession, team_id: int, arg: str) -> bool:
    """`waarde kosten per lead` (no number yet) or `waarde omzet abc`: a KPI of the team is named, so it is the
    command, which then says what is missing; "waarde voor klanten staat centraal" names none."""
    kpis = (await session.scalars(select(Kpi).where(Kpi.team_id == team_id))).all()
    rest = repo.kpi_key(split_period(arg)[0])
    return any(rest == k.key or rest.startswith(k.key + "-") for k in kpis) or find_kpi(kpis, arg) is not None


def _is_away_argument(arg: str) -> bool:
    return read_away(arg, "nl", date.today()) is not None  # the shape only: the command reads it on the team's day


def _is_experiment_argument(arg: str) -> bool:
    words, parts = arg.split(), [p.strip() for p in arg.split("|")]
    return (len(words) == 2 and words[0].isdigit()) or (len(parts) == 3 and parts[2].isdigit())


def register_cycle_commands(service: CoachService) -> None:
    # Each verb's argument shape: a verb with its argument is a command even while a question is open
    # (`schema dag 32`); followed by other words it is an answer ("waarde voor klanten staat centraal").
    commands = CycleCommands(lambda: service.clock())
    service.register_command(("schema", "schedule"), commands.schedule, schedule_config.is_changes_argument)
    service.register_command(("rapport", "report"), commands.report, _is_period)
    service.register_command(("openstaand", "due"), commands.due)
    service.register_command(("waarde", "value"), commands.value, is_value_argument, names_a_kpi)
    service.register_command(("afwezig", "away"), commands.away, _is_away_argument)
    service.register_command(("evaluatie", "evaluate", "evaluation"), commands.evaluate, _is_period)
    service.register_command(("experiment",), commands.experiment, _is_experiment_argument)
    service.register_command(("export",), commands.export)
    service.register_form("cycle:", commands.form)


def export_filename(team_name: str, language: str) -> str:
    """`kpi-waarden-marketing.csv`: the team's name as people know it, never a channel or conversation id."""
    stem = "kpi-history" if language == "en" else "kpi-waarden"
    return f"{stem}-{repo.kpi_key(team_name) or 'team'}.csv"
