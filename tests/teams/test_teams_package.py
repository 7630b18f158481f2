"""`python -m bot teams-package`: a zip Teams accepts — manifest with the bot id, and the two icons."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from bot.cli import main
from tests.teams.conftest import APP_ID


def read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_package_holds_the_manifest_with_the_bot_id_from_the_environment(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MICROSOFT_APP_ID", APP_ID)
    out = tmp_path / "coach.zip"

    assert main(["teams-package", "--out", str(out)]) == 0

    files = read_zip(out)
    assert sorted(files) == ["color.png", "manifest.json", "outline.png"]
    manifest = json.loads(files["manifest.json"])
    assert manifest["id"] == APP_ID and manifest["bots"][0]["botId"] == APP_ID
    assert set(manifest["bots"][0]["scopes"]) == {"personal", "team", "groupChat"}
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}


def test_icons_have_the_sizes_teams_requires(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MICROSOFT_APP_ID", APP_ID)
    main(["teams-package", "--out", str(tmp_path / "coach.zip")])
    files = read_zip(tmp_path / "coach.zip")

    color = Image.open(io.BytesIO(files["color.png"]))
    outline = Image.open(io.BytesIO(files["outline.png"])).convert("RGBA")

    assert color.size == (192, 192)
    assert outline.size == (32, 32)
    raw = outline.tobytes()
    pixels = [tuple(raw[i:i + 4]) for i in range(0, len(raw), 4)]
    # outline: only white and fully transparent pixels
    assert {(r, g, b) for r, g, b, a in pixels if a} == {(255, 255, 255)}
    assert any(a == 0 for *_rgb, a in pixels)


def test_package_without_an_app_id_is_refused_with_the_variable_named(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["teams-package", "--out", str(tmp_path / "coach.zip")]) == 2

    assert "MICROSOFT_APP_ID" in capsys.readouterr().err
    assert not (tmp_path / "coach.zip").exists()


def test_an_app_id_that_is_not_a_guid_is_refused_with_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("MICROSOFT_APP_ID", "my-coach-bot")

    assert main(["teams-package", "--out", str(tmp_path / "coach.zip")]) == 2

    err = capsys.readouterr().err
    assert "MICROSOFT_APP_ID" in err and "'my-coach-bot'" in err and "GUID" in err
    assert not (tmp_path / "coach.zip").exists()


def test_the_manifest_uses_the_current_teams_schema_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MICROSOFT_APP_ID", APP_ID)
    main(["teams-package", "--out", str(tmp_path / "coach.zip")])

    manifest = json.loads(read_zip(tmp_path / "coach.zip")["manifest.json"])

    assert manifest["manifestVersion"] == "1.28"
    assert manifest["$schema"] == "https://developer.microsoft.com/json-schemas/teams/v1.28/MicrosoftTeams.schema.json"


def test_developer_urls_come_from_the_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("MICROSOFT_APP_ID", APP_ID)
    monkeypatch.setenv("TEAMS_APP_WEBSITE_URL", "https://coach.bureau-noord.nl")
    monkeypatch.setenv("TEAMS_APP_PRIVACY_URL", "https://coach.bureau-noord.nl/privacyverklaring")
    monkeypatch.setenv("TEAMS_APP_TERMS_URL", "https://coach.bureau-noord.nl/voorwaarden")
    main(["teams-package", "--out", str(tmp_path / "coach.zip")])

    developer = json.loads(read_zip(tmp_path / "coach.zip")["manifest.json"])["developer"]

    assert developer["websiteUrl"] == "https://coach.bureau-noord.nl"
    assert developer["privacyUrl"] == "https://coach.bureau-noord.nl/privacyverklaring"
    assert developer["termsOfUseUrl"] == "https://coach.bureau-noord.nl/voorwaarden"
    assert "example.com" not in capsys.readouterr().err


def test_a_package_still_pointing_at_example_com_is_written_with_a_warning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("MICROSOFT_APP_ID", APP_ID)
    for name in ("TEAMS_APP_WEBSITE_URL", "TEAMS_APP_PRIVACY_URL", "TEAMS_APP_TERMS_URL"):
        monkeypatch.delenv(name, raising=False)

    assert main(["teams-package", "--out", str(tmp_path / "coach.zip")]) == 0

    err = capsys.readouterr().err
    assert "warning" in err and "example.com" in err
    assert all(name in err for name in ("TEAMS_APP_WEBSITE_URL", "TEAMS_APP_PRIVACY_URL", "TEAMS_APP_TERMS_URL"))


def test_the_manifest_lets_the_bot_hand_over_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MICROSOFT_APP_ID", APP_ID)
    out = tmp_path / "coach.zip"

    main(["teams-package", "--out", str(out)])

    # Without it Teams shows no file-consent card: the document and the export could not be handed over.
    assert json.loads(read_zip(out)["manifest.json"])["bots"][0]["supportsFiles"] is True
