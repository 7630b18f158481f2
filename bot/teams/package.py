"""`python -m bot teams-package`: the Teams app package (manifest.json + two icons) as a zip to upload.

The icons are drawn here (four rising bars: Discover, Decide, Translate, Achieve) rather than kept
as binary files, so the package needs nothing outside the code. Same settings, same bytes.
"""

from __future__ import annotations

import io
import json
import os
import sys
import zipfile
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from bot.config import ConfigError, Settings

MANIFEST_SCHEMA = "https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json"
MANIFEST_VERSION = "1.17"
ACCENT = "#2F5D8A"
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)  # fixed, so the same settings always give the same zip

# Shown when someone types "/" or opens the bot's command menu (at most 10 per scope).
COMMANDS = (
    ("start", "Begin met de strategie / start the strategy"),
    ("status", "Waar staan we? / where are we?"),
    ("help", "Uitleg bij de vraag / explain this question"),
    ("terug", "Vorige vraag / previous question (back)"),
    ("overslaan", "Vraag overslaan / skip this question"),
    ("wijzig", "Een antwoord wijzigen / edit an answer"),
    ("samenvatting", "Strategie op een pagina / summary"),
    ("taal en", "Switch to English (taal nl: Nederlands)"),
    ("rol", "Rollen: rol @naam pm / roles"),
    ("stop", "Pauzeren / pause"),
)


def manifest(settings: Settings, env: dict[str, str] | None = None) -> dict[str, Any]:
    env = dict(os.environ if env is None else env)
    app_id = settings.microsoft_app_id
    if not app_id:
        raise ConfigError("MICROSOFT_APP_ID is not set: the package needs the bot's Microsoft App ID "
                          "(Azure portal → your Azure Bot → Configuration).")
    website = env.get("TEAMS_APP_WEBSITE_URL") or "https://www.example.com"
    scopes = ["personal", "team", "groupChat"]
    return {
        "$schema": MANIFEST_SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": env.get("TEAMS_APP_VERSION") or "1.0.0",
        "id": app_id,
        "developer": {
            "name": env.get("TEAMS_APP_DEVELOPER") or "Strategy Coach",
            "websiteUrl": website,
            "privacyUrl": env.get("TEAMS_APP_PRIVACY_URL") or f"{website.rstrip('/')}/privacy",
            "termsOfUseUrl": env.get("TEAMS_APP_TERMS_URL") or f"{website.rstrip('/')}/terms",
        },
        "name": {"short": env.get("TEAMS_APP_NAME") or "Strategie-coach", "full": "Strategie-coach (Sterce model)"},
        "description": {
            "short": "Stap voor stap naar een digitale marketingstrategie.",
            "full": "De coach loodst je team vraag voor vraag door het Sterce model: Discover, Decide, Translate "
                    "en Achieve, en houdt daarna elke maand de KPI's bij (meten, evalueren, optimaliseren). "
                    "Coaches your team through a digital marketing strategy, one question at a time.",
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": ACCENT,
        "bots": [{
            "botId": app_id,
            "scopes": scopes,
            "supportsFiles": False,
            "isNotificationOnly": False,
            "commandLists": [{"scopes": scopes, "commands": [{"title": t, "description": d} for t, d in COMMANDS]}],
        }],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [],
    }


def _bars(draw: ImageDraw.ImageDraw, size: int, margin: int, fill: str) -> None:
    """Four rising bars, one per step of the model."""
    width = (size - 2 * margin) / 7
    for n in range(4):
        left = margin + n * 2 * width
        top = size - margin - (n + 1) * (size - 2 * margin) / 4
        draw.rectangle((round(left), round(top), round(left + width * 1.4), size - margin), fill=fill)


def color_icon() -> bytes:
    image = Image.new("RGBA", (192, 192), ACCENT)
    _bars(ImageDraw.Draw(image), 192, 36, "#FFFFFF")
    return _png(image)


def outline_icon() -> bytes:
    # Teams wants white on a transparent background, 32 x 32.
    image = Image.new("RGBA", (32, 32), (255, 255, 255, 0))
    _bars(ImageDraw.Draw(image), 32, 4, "#FFFFFF")
    return _png(image)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def build_package(settings: Settings, env: dict[str, str] | None = None) -> bytes:
    files = {
        "manifest.json": json.dumps(manifest(settings, env), indent=2, ensure_ascii=False).encode(),
        "color.png": color_icon(),
        "outline.png": outline_icon(),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():  # at the zip's root, as Teams requires
            archive.writestr(zipfile.ZipInfo(name, date_time=_ZIP_TIME), data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def write_package(settings: Settings, out_path: str | Path) -> int:
    """Write the zip; 0 on success. Raises ConfigError (printed by the CLI) without MICROSOFT_APP_ID."""
    path = Path(out_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(build_package(settings))
    print(f"wrote {path} — upload it in Teams: Apps → Manage your apps → Upload an app → Upload a custom app",
          file=sys.stdout)
    return 0
