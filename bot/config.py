"""Configuration from environment variables (and a `.env` file for local use).

Every setting names the variable it comes from, so an error can tell the user what to set.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import load_dotenv

# The Bot Framework's own setting names, for clouds other than the public one (and the tests' fakes):
# where the channel's signing keys are published, an extra accepted token issuer, the outbound login authority.
BOTFRAMEWORK_ENDPOINTS = (
    "TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL",
    "TO_BOT_FROM_CHANNEL_TOKEN_ISSUER",
    "TO_CHANNEL_FROM_BOT_LOGIN_URL",
    "TO_CHANNEL_FROM_BOT_OAUTH_SCOPE",
)


class ConfigError(RuntimeError):
    """A missing or wrong setting; the message says which variable and where to get it."""


def _flag(name: str, default: str = "") -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    database_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 3978
    # Slack
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None  # Socket Mode
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    slack_scopes: tuple[str, ...] = ()
    slack_api_url: str = "https://slack.com/api/"
    slack_token_rotation: bool = False
    # Turns in a worker process of their own (SLACK_TURN_WORKER, on unless set to 0); off: on the server's loop
    slack_turn_worker: bool = False
    # Teams
    microsoft_app_id: str | None = None
    microsoft_app_password: str | None = None
    microsoft_app_tenant_id: str | None = None
    microsoft_app_type: str = "MultiTenant"
    teams_local_dev: bool = False  # TEAMS_ALLOW_UNAUTHENTICATED_LOCAL_DEV: accept unsigned activities
    # Scheduler
    scheduler_enabled: bool = True
    # The server's address as people reach it (PUBLIC_URL, e.g. https://coach.example.com): links to documents
    public_url: str | None = None
    document_secret: str | None = None  # COACH_DOCUMENT_SECRET: signs those links (else derived, bot/document/links.py)
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def slack_oauth(self) -> bool:
        return bool(self.slack_client_id and self.slack_client_secret)

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_signing_secret and (self.slack_bot_token or self.slack_oauth))

    @property
    def teams_enabled(self) -> bool:
        return bool(self.microsoft_app_id) or self.teams_local_dev

    @classmethod
    def from_env(cls, env_file: Path | None = None) -> Settings:
        load_dotenv(env_file or Path.cwd() / ".env", override=False)
        env = os.environ.get
        try:
            port = int(env("PORT", "3978"))
        except ValueError as exc:
            raise ConfigError(f"PORT must be a number, not {env('PORT')!r}") from exc
        api_url = env("SLACK_API_URL") or "https://slack.com/api/"
        public_url = (env("PUBLIC_URL") or "").strip().rstrip("/") or None
        if public_url and not public_url.startswith(("https://", "http://")):
            raise ConfigError(f"PUBLIC_URL must be the server's address as people open it, starting with https://, "
                              f"not {public_url!r}")
        return cls(
            database_url=env("DATABASE_URL") or None,
            host=env("HOST", "127.0.0.1"),
            port=port,
            slack_bot_token=env("SLACK_BOT_TOKEN") or None,
            slack_signing_secret=env("SLACK_SIGNING_SECRET") or None,
            slack_app_token=env("SLACK_APP_TOKEN") or None,
            slack_client_id=env("SLACK_CLIENT_ID") or None,
            slack_client_secret=env("SLACK_CLIENT_SECRET") or None,
            slack_scopes=tuple(s for s in (env("SLACK_SCOPES") or "").replace(" ", "").split(",") if s),
            slack_api_url=api_url if api_url.endswith("/") else api_url + "/",
            slack_token_rotation=_flag("SLACK_TOKEN_ROTATION"),
            slack_turn_worker=_flag("SLACK_TURN_WORKER", default="1"),
            microsoft_app_id=env("MICROSOFT_APP_ID") or None,
            microsoft_app_password=env("MICROSOFT_APP_PASSWORD") or None,
            microsoft_app_tenant_id=env("MICROSOFT_APP_TENANT_ID") or None,
            microsoft_app_type=env("MICROSOFT_APP_TYPE") or "MultiTenant",
            teams_local_dev=_flag("TEAMS_ALLOW_UNAUTHENTICATED_LOCAL_DEV"),
            scheduler_enabled=not _flag("COACH_SCHEDULER_DISABLED"),
            public_url=public_url,
            document_secret=env("COACH_DOCUMENT_SECRET") or None,
            extra={name: value for name in BOTFRAMEWORK_ENDPOINTS if (value := env(name))},
        )
