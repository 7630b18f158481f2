"""Repository functions of the Teams tables: conversation references and the processed-activity log.

Like `storage.repo`, the caller owns the transaction. Every lookup takes the tenant id first, so
one tenant's conversations are never found from another tenant's request or destination.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import utcnow
from storage.teams_models import TeamsConversationReference, TeamsProcessedActivity


def _insert(session: AsyncSession, table: Any) -> Any:
    # ON CONFLICT needs the dialect's own insert; both backends we run on have it.
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


async def save_reference(session: AsyncSession, tenant_id: str, conversation_id: str, reference: Mapping[str, Any],
                         conversation_type: str | None = None, user_id: str | None = None) -> None:
    """Insert or refresh the reference of one conversation (the newest serviceUrl wins)."""
    values = {
        "tenant_id": tenant_id, "conversation_id": conversation_id, "conversation_type": conversation_type,
        "user_id": user_id if conversation_type == "personal" else None,
        "service_url": str(reference.get("serviceUrl") or ""), "reference": dict(reference), "updated_at": utcnow(),
    }
    statement = _insert(session, TeamsConversationReference).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=["tenant_id", "conversation_id"],
        set_={k: statement.excluded[k] for k in ("conversation_type", "user_id", "service_url", "reference",
                                                  "updated_at")},
    )
    await session.execute(statement)


async def delete_reference(session: AsyncSession, tenant_id: str, conversation_id: str) -> None:
    await session.execute(
        delete(TeamsConversationReference).where(TeamsConversationReference.tenant_id == tenant_id,
                                                 TeamsConversationReference.conversation_id == conversation_id)
    )


async def find_reference(session: AsyncSession, tenant_id: str, conversation_id: str) -> dict[str, Any] | None:
    row = await session.scalar(
        select(TeamsConversationReference.reference)
        .where(TeamsConversationReference.tenant_id == tenant_id,
               TeamsConversationReference.conversation_id == conversation_id)
    )
    return dict(row) if row is not None else None


async def find_personal_reference(session: AsyncSession, tenant_id: str, user_id: str) -> dict[str, Any] | None:
    """The personal chat of one person with the bot, for direct posts (none until they have talked to it)."""
    row = await session.scalar(
        select(TeamsConversationReference.reference)
        .where(TeamsConversationReference.tenant_id == tenant_id, TeamsConversationReference.user_id == user_id,
               TeamsConversationReference.conversation_type == "personal")
        .order_by(TeamsConversationReference.updated_at.desc()).limit(1)
    )
    return dict(row) if row is not None else None


async def claim_activity(session: AsyncSession, tenant_id: str, activity_id: str, conversation_id: str) -> bool:
    """Record that this activity was handled (inside the turn's transaction); False if it already was."""
    statement = (
        _insert(session, TeamsProcessedActivity)
        .values(tenant_id=tenant_id, activity_id=activity_id, conversation_id=conversation_id, status="done",
                received_at=utcnow())
        .on_conflict_do_nothing(index_elements=["tenant_id", "activity_id"])
        .returning(TeamsProcessedActivity.id)  # rowcount is not reliable for ON CONFLICT on every driver
    )
    return (await session.execute(statement)).scalar() is not None
