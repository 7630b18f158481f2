"""`python -m bot teams-package`: the Teams app package (manifest.json + two icons) as a zip to upload.

The icons are drawn here (four rising bars: Discover, Decide, Translate, Achieve) rather than kept
as binary files, so the package needs nothing outside the code. Same settings, same bytes.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from bot.config import ConfigError, Settings

# The newest generally available version of the app manifest (Microsoft's manifest change log: 1.28, May 2026).
MANIFEST_VERSION = "1.28"
MANIFEST_SCHEMA = f"https://developer.microsoft.com/json-schemas/teams/v{MANIFEST_VERSION}/MicrosoftTeams.schema.json"
EXAMPLE_SITE = "https://www.example.com"
_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
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
    if not _GUID.fullmatch(app_id.strip()):
        raise ConfigError(f"MICROSOFT_APP_ID is {app_id!r}, which is not a Microsoft App ID: Teams needs the GUID "
                          "shown in the Azure portal (your Azure Bot → Configuration), like "
                          "0e3f5c7a-1b2d-4e6f-8a9b-c0d1e2f3a4b5.")
    website = env.get("TEAMS_APP_WEBSITE_URL") or EXAMPLE_SITE
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
            "supportsFiles": True,  # the file-consent card: documents and exports (files.py)
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


def placeholder_urls(settings: Settings, env: dict[str, str] | None = None) -> list[str]:
    """The variables whose developer URL in the manifest is still the example.com placeholder."""
    developer = manifest(settings, env)["developer"]
    names = {"websiteUrl": "TEAMS_APP_WEBSITE_URL", "privacyUrl": "TEAMS_APP_PRIVACY_URL",
             "termsOfUseUrl": "TEAMS_APP_TERMS_URL"}
    return [names[key] for key in names if "example.com" in developer[key]]


def write_package(settings: Settings, out_path: str | Path) -> int:
    """Write the zip; 0 on success. Raises ConfigError (printed by the CLI) for a missing or malformed app id."""
    path = Path(out_path)
    data = build_package(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    placeholders = placeholder_urls(settings)
    if placeholders:
        print(f"warning: {', '.join(placeholders)} not set: the manifest points at example.com. Set them to your "
              "own pages (the privacy statement and terms of use) before you publish the app to your organisation.",
              file=sys.stderr)
    print(f"wrote {path} — upload it in Teams: Apps → Manage your apps → Upload an app → Upload a custom app",
          file=sys.stdout)
    return 0
