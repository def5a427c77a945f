import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from smartskin_gui.core.state.app_settings import AppSettings, SettingsStore, config_dir


def test_config_dir_follows_the_environment(_isolated_environment: Path):
    assert config_dir() == _isolated_environment


def test_round_trip_and_versioned(tmp_path: Path):
    store = SettingsStore(tmp_path)
    s = AppSettings(retouch=0.4, whitening=1.2, engine="local", ui={"geometry": "abc"})
    store.save(s)
    data = json.loads((tmp_path / "config.json").read_text())
    assert data["version"] == 1
    back = store.load()
    assert (back.retouch, back.whitening, back.engine, back.ui) == (
        0.4,
        1.2,
        "local",
        {"geometry": "abc"},
    )


def test_corrupt_config_is_set_aside_with_a_warning(tmp_path: Path):
    (tmp_path / "config.json").write_text("{ not json")
    store = SettingsStore(tmp_path)
    s = store.load()
    assert s == AppSettings()
    assert store.warnings and "set aside" in store.warnings[0]
    assert any(p.name.startswith("config.json.corrupt-") for p in tmp_path.iterdir())


def test_hand_edited_values_are_sanitised(tmp_path: Path):
    (tmp_path / "config.json").write_text(
        json.dumps(
            {
                "retouch": "NaN",
                "whitening": 7,
                "engine": "gpu",
                "api_url": "http://evil.example",
                "jpeg_quality": "high",
                "unknown": 1,
            }
        )
    )
    store = SettingsStore(tmp_path)
    s = store.load()
    assert (s.retouch, s.whitening, s.engine) == (1.0, 1.0, "")
    assert s.api_url == "https://www.ailabapi.com" and s.jpeg_quality == 95
    assert len(store.warnings) == 1
    for name in ("API URL", "default engine", "retouch", "whitening", "JPEG quality"):
        assert name in store.warnings[0]
    assert "window layout" not in store.warnings[0] and "TIFF" not in store.warnings[0]


def test_replaced_settings_are_named_once(tmp_path: Path):
    (tmp_path / "config.json").write_text(
        json.dumps({"api_url": "http://192.168.1.5:8765", "retouch": 7, "whitening": 0.5})
    )
    store = SettingsStore(tmp_path)
    store.load()
    store.load()
    assert len(store.warnings) == 1
    warning = store.warnings[0]
    assert "API URL" in warning and "retouch strength" in warning and "whitening" not in warning


def test_valid_settings_load_without_a_warning(tmp_path: Path):
    store = SettingsStore(tmp_path)
    store.save(AppSettings(api_url="http://127.0.0.1:8765", engine="cloud", jpeg_quality=80))
    store.load()
    assert store.warnings == []


def test_key_file_is_private_and_env_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    store = SettingsStore(tmp_path)
    assert store.api_key() == "" and store.effective_engine(AppSettings()) == "local"
    store.set_api_key("  secret-123  ")
    assert store.api_key() == "secret-123"
    if os.name == "posix":
        assert stat.S_IMODE((tmp_path / "api_key").stat().st_mode) == 0o600
    store.save(AppSettings(retouch=0.3))  # the settings file sits beside the key...
    assert "secret-123" not in store.config_path.read_text()  # ...and never holds it
    assert store.load().retouch == 0.3
    assert store.effective_engine(AppSettings()) == "cloud"
    monkeypatch.setenv("SMARTSKIN_API_KEY", "from-env")
    assert store.api_key() == "from-env" and store.key_from_environment()
    store.set_api_key("")
    monkeypatch.delenv("SMARTSKIN_API_KEY")
    assert store.api_key() == ""


def test_loading_settings_does_not_import_the_network_or_image_stack():
    code = (
        "import sys; import smartskin_gui.core.state.app_settings as s; s.SettingsStore().load(); "
        "print(sorted(m for m in ('requests', 'cv2', 'numpy', 'PIL') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
