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
