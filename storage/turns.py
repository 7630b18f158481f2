"""The per-message hot path: load a team's position and answers, save what a turn changed.

Core statements on one connection, built once at import: a turn is a handful of statements, and
building ORM queries and objects for each of them cost more than SQLite needs to run them. These
are plain functions on a sync `Connection`: the service runs a whole turn through
`AsyncConnection.run_sync`, one greenlet hand-off per turn instead of one per statement.
Every statement is filtered on the team id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from flows.session import AnswerWrite, StoredAnswer
from storage.models import Answer, Team, TeamSession, utcnow


@dataclass(frozen=True)
class TeamPosition:
    state: str | None  # None: the team has no saved position yet
    data: dict[str, Any]
    version: int | None
    language: str
    name: str


_POSITION = (
    select(TeamSession.state, TeamSession.data, TeamSession.version, Team.language, Team.name, Team.external_id)
    .select_from(Team)
    .outerjoin(TeamSession, TeamSession.team_id == Team.id)
    .where(Team.id == bindparam("team_id"))
)
_ANSWERS = (
    select(Answer.question_id, Answer.item_key, Answer.value, Answer.status, Answer.version, Answer.author_name)
    .where(Answer.team_id == bindparam("team_id"))
    .order_by(Answer.question_id, Answer.item_key, Answer.version)
)
_SAVE_STATE = (
    update(TeamSession)
    .where(TeamSession.team_id == bindparam("tid"), TeamSession.version == bindparam("expected"))
    .values(state=bindparam("state"), data=bindparam("data"), version=bindparam("next_version"),
            updated_at=bindparam("now"))
)
_NEW_STATE = insert(TeamSession)
_ADD_ANSWERS = insert(Answer)
_SET_LANGUAGE = update(Team).where(Team.id == bindparam("tid")).values(language=bindparam("language"))


def load_position(conn: Connection, team_id: int) -> TeamPosition:
    row = conn.execute(_POSITION, {"team_id": team_id}).one()
    return TeamPosition(state=row.state, data=dict(row.data or {}), version=row.version, language=row.language,
                        name=row.name or row.external_id)


def load_answers(conn: Connection, team_id: int) -> dict[tuple[str, str], StoredAnswer]:
    """The newest version of every answer of one team (later versions overwrite earlier ones)."""
    rows = conn.execute(_ANSWERS, {"team_id": team_id})
    return {(r.question_id, r.item_key): StoredAnswer(r.value, r.status, r.version, r.author_name) for r in rows}


def add_answers(conn: Connection, team_id: int, member_id: int | None, author: str | None,
                      writes: Sequence[AnswerWrite], current: dict[tuple[str, str], StoredAnswer]) -> None:
    """Append one version per write; the unique (team, question, item, version) catches a racing turn."""
    now = utcnow()
    rows = []
    for write in writes:
        previous = current.get((write.question_id, write.item_key))
        version = (previous.version if previous else 0) + 1
        current[(write.question_id, write.item_key)] = StoredAnswer(write.value, write.status, version, author)
        rows.append({"team_id": team_id, "question_id": write.question_id, "item_key": write.item_key,
                     "version": version, "value": write.value, "raw": write.raw, "status": write.status,
                     "member_id": member_id, "author_name": author, "created_at": now})
    if rows:
        conn.execute(_ADD_ANSWERS, rows)


def save_position(conn: Connection, team_id: int, flow_id: str, state: str, data: dict[str, Any],
                        expected_version: int | None) -> bool:
    """Write the new position; False when another turn of this team saved first."""
    if expected_version is None:
        conn.execute(_NEW_STATE, {"team_id": team_id, "flow_id": flow_id, "state": state, "data": data,
                                        "version": 1, "updated_at": utcnow()})
        return True
    result = conn.execute(_SAVE_STATE, {"tid": team_id, "expected": expected_version, "state": state,
                                              "data": data, "next_version": expected_version + 1, "now": utcnow()})
    return result.rowcount == 1


def set_language(conn: Connection, team_id: int, language: str) -> None:
    conn.execute(_SET_LANGUAGE, {"tid": team_id, "language": language})
