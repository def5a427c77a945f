"""smartskin-cli end to end: in-process against the emulator, and as real processes."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageCms

from smartskin_gui import cli
from smartskin_gui.core.cloud import client as api
from smartskin_gui.emulator.app import CODE_STATUS, Fault
from tests.conftest import FAST_RETRY


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch):
    monkeypatch.setattr(api, "DEFAULT_RETRY", FAST_RETRY)


def run(capsys, *args):
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    lines = [json.loads(x) for x in out.splitlines() if x.startswith("{")]
    return code, lines, err


def test_local_engine_by_default_without_key(capsys, portrait):
    code, lines, err = run(capsys, "enhance", portrait, "--json")
    assert code == 0, err
    (line,) = lines
    assert line["ok"] and line["code"] == "OK" and line["input"] == str(portrait)
    out = Path(line["output"])
    assert out.name == "portrait_smartskin.jpg" and out.parent == portrait.parent
    assert Image.open(out).size == (512, 512)
    assert "local engine" in err
    assert line["notes"] == ["1 face found"]
    # Steps under way end in "…", steps ended do not ("Done…" reads as unfinished).
    steps = [x.split(": ", 1)[1] for x in err.splitlines() if x.startswith("[1/1]")]
    assert "Mapping skin…" in steps and "Done" in steps
    assert not [x for x in steps if x.lower().endswith("done…")], steps


JSON_FIELDS = {"input", "output", "ok", "code", "message", "engine", "retouch", "whitening"}


def test_strengths_are_the_services_defaults_unless_given(capsys, portrait):
    from smartskin_gui.core.state.app_settings import AppSettings, SettingsStore

    SettingsStore().save(AppSettings(retouch=0.3, whitening=0.4))  # the window's last sliders
    _, (line,), _ = run(capsys, "enhance", portrait, "--json", "--engine", "local")
    assert (line["engine"], line["retouch"], line["whitening"]) == ("local", 1.0, 1.0)
    args = ("--json", "--overwrite", "--retouch", "0.2", "--whitening", "0")
    _, (line,), _ = run(capsys, "enhance", portrait, *args)
    assert (line["retouch"], line["whitening"]) == (0.2, 0.0)


def test_output_dir_and_no_surprise_overwrite(capsys, portrait, tmp_path):
    dest = tmp_path / "out" / "deep"
    assert run(capsys, "enhance", portrait, "-o", dest, "--engine", "local")[0] == 0
    assert (dest / "portrait_smartskin.jpg").exists()
    first = (dest / "portrait_smartskin.jpg").read_bytes()
    _, lines, _ = run(capsys, "enhance", portrait, "-o", dest, "--json", "--retouch", "0.2")
    assert lines[0]["output"].endswith("portrait_smartskin-2.jpg")
    assert (dest / "portrait_smartskin.jpg").read_bytes() == first
    _, lines, _ = run(capsys, "enhance", portrait, "-o", dest, "--json", "--overwrite")
    assert lines[0]["output"].endswith("portrait_smartskin.jpg")


def test_folder_input_mixed_good_and_bad(capsys, portrait):
    (portrait.parent / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 truncated")
    (portrait.parent / "readme.txt").write_text("not a photo")
    code, lines, err = run(capsys, "enhance", portrait.parent, "--json")
    assert code == 1
    assert lines and all(set(x) >= JSON_FIELDS for x in lines)  # failures are reproducible too
    by_name = {Path(x["input"]).name: x for x in lines}
    assert set(by_name) == {"portrait.jpg", "broken.jpg"}
    assert by_name["portrait.jpg"]["ok"] and not by_name["broken.jpg"]["ok"]
    assert by_name["broken.jpg"]["code"] == "IMAGE_CORRUPT"
    assert "FAILED [IMAGE_CORRUPT]" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "args",
    [
        ["--retouch", "2"],
        ["--whitening", "nan"],
        ["--engine", "gpu"],
        ["--engine", "cloud"],
        ["--engine", "cloud", "--api-url", "http://example.com"],
    ],
)
def test_usage_and_configuration_errors_exit_2(capsys, portrait, args):
    code, lines, err = run(capsys, "enhance", portrait, *args)
    assert code == 2 and lines == [] and "Traceback" not in err


def test_cloud_engine_against_emulator(capsys, portrait, emulator, monkeypatch):
    monkeypatch.setenv("SMARTSKIN_API_KEY", "demo-key")
    code, lines, err = run(
        capsys, "enhance", portrait, "--engine", "cloud", "--api-url", emulator.url, "--json"
    )
    assert code == 0, err
    assert lines[0]["ok"] and emulator.emulator.stats["successes"] == 1
    assert "demo-key" not in err


@pytest.mark.parametrize("code", sorted(CODE_STATUS))
def test_each_service_error_prints_its_code_and_exits_1(
    capsys, portrait, emulator, monkeypatch, code
):
    monkeypatch.setenv("SMARTSKIN_API_KEY", "demo-key")
    emulator.emulator.add_fault(Fault("error", count=10, code=code))
    rc, lines, err = run(
        capsys, "enhance", portrait, "--engine", "cloud", "--api-url", emulator.url, "--json"
    )
    assert rc == 1
    assert lines[0]["code"] == code and not lines[0]["ok"] and lines[0]["message"]
    assert f"[{code}]" in err
    assert not (portrait.parent / "portrait_smartskin.jpg").exists()


def test_credits_command(capsys, emulator, monkeypatch):
    monkeypatch.setenv("SMARTSKIN_API_KEY", "demo-key")
    code = cli.main(["credits", "--api-url", emulator.url, "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["remaining"] == emulator.emulator.config.credits
    monkeypatch.setenv("SMARTSKIN_API_KEY", "nope")
    assert cli.main(["credits", "--api-url", emulator.url]) == 1
    assert "ERROR_USER_NOT_EXISTS" in capsys.readouterr().err


def test_credits_json_says_why_it_failed(capsys, emulator, monkeypatch):
    monkeypatch.setenv("SMARTSKIN_API_KEY", "nope")
    assert cli.main(["credits", "--api-url", emulator.url, "--json"]) == 1
    out, err = capsys.readouterr()
    line = json.loads(out)
    assert line["ok"] is False and line["code"] == "ERROR_USER_NOT_EXISTS" and line["message"]
    assert "[ERROR_USER_NOT_EXISTS]" in err
    monkeypatch.delenv("SMARTSKIN_API_KEY")
    assert cli.main(["credits", "--api-url", emulator.url, "--json"]) == cli.EXIT_USAGE
    line = json.loads(capsys.readouterr().out)
    assert line["ok"] is False and line["code"] == "MISSING_API_KEY"
    assert "SMARTSKIN_API_KEY" in line["message"]


# --- real processes --------------------------------------------------------------------------


def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


@pytest.fixture
def emulator_process():
    proc = subprocess.Popen(
        [_bin("smartskin-cli"), "emulator", "--port", "0", "--key", "k1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline().strip()
    assert line.startswith("listening on http://127.0.0.1:"), line
    yield line.split()[-1]
    proc.terminate()
    proc.wait(timeout=10)


def _control(url: str, what: str, body=None):
    import requests

    if body is None:
        return requests.get(f"{url}/__emulator__/{what}", timeout=10).json()
    return requests.post(f"{url}/__emulator__/{what}", json=body, timeout=10).json()


def _cli(*args, key="k1"):
    env = dict(os.environ, SMARTSKIN_API_KEY=key)
    return subprocess.run(
        [_bin("smartskin-cli"), *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.mark.slow
def test_45mp_jpeg_through_the_emulator_process(emulator_process, tmp_path, astronaut_rgb):
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    exif = Image.Exif()
    exif[0x010F] = "BigCam"
    big = Image.fromarray(astronaut_rgb).resize((8192, 5464), Image.BILINEAR)
    src = tmp_path / "big.jpg"
    big.save(src, quality=90, exif=exif.tobytes(), icc_profile=icc)
    del big
    png = tmp_path / "small.png"
    Image.fromarray(astronaut_rgb).save(png)
    r = _cli("enhance", src, png, "--engine", "cloud", "--api-url", emulator_process, "--json")
    assert r.returncode == 0, r.stderr
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["ok"] for x in lines] == [True, True]
    with Image.open(lines[0]["output"]) as im:
        assert im.size == (8192, 5464)
        assert im.info.get("icc_profile") == icc and im.getexif()[0x010F] == "BigCam"
        thumb = np.asarray(im.reduce(16)).astype(int)
    before = np.asarray(Image.open(src).reduce(16)).astype(int)
    assert 0.2 < np.abs(thumb - before).mean() < 12  # changed, but still the same photo
    assert any("downscaled" in n for n in lines[0]["notes"])
    assert lines[1]["output"].endswith("small_smartskin.png")


def test_wrong_key_process_exits_1_without_retry(emulator_process, portrait):
    r = _cli("enhance", portrait, "--engine", "cloud", "--api-url", emulator_process, key="bad")
    assert (
        r.returncode == 1
        and "ERROR_USER_NOT_EXISTS" in r.stderr
        and "bad" not in r.stderr.split("]")[0]
    )
    assert _control(emulator_process, "stats")["enhance_calls"] == 1


def test_503_and_429_then_success_process(emulator_process, portrait):
    _control(
        emulator_process,
        "faults",
        {"kind": "error", "code": "ERROR_INSUFFICIENT_RESOURCES", "count": 1},
    )
    _control(
        emulator_process,
        "faults",
        {"kind": "error", "code": "EXCEEDING_LIMITS", "count": 1, "retry_after": "0"},
    )
    r = _cli("enhance", portrait, "--engine", "cloud", "--api-url", emulator_process, "--json")
    assert r.returncode == 0, r.stderr
    assert "Retrying" in r.stderr
    stats = _control(emulator_process, "stats")
    assert stats["enhance_calls"] == 3 and stats["successes"] == 1


def test_demo_command_writes_in_a_fresh_private_folder(tmp_path):
    planted = tmp_path / "smartskin-demo"  # what an old demo or another user left in /tmp
    planted.write_text("not a folder", encoding="utf-8")
    env = dict(os.environ, TMPDIR=str(tmp_path))
    r = subprocess.run(
        [_bin("smartskin-cli"), "demo"], capture_output=True, text=True, timeout=120, env=env
    )
    assert r.returncode == 0, r.stderr
    after = Path(r.stdout.splitlines()[-1].split("After:")[-1].strip())
    assert after.is_file() and after.parent.parent == tmp_path
    assert after.parent.name.startswith("smartskin-demo-")
    assert after.parent.stat().st_mode & 0o077 == 0  # private: only its owner can enter
    assert planted.read_text(encoding="utf-8") == "not a folder"


def test_demo_without_a_usable_temporary_folder_is_a_sentence(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "gone"))
    assert cli.main(["demo"]) == cli.EXIT_FAILED
    err = capsys.readouterr().err
    assert "[DEMO_FOLDER_FAILED]" in err and "TMPDIR" in err and str(tmp_path) in err


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_emulator_refuses_a_port_out_of_range(capsys, port):
    assert cli.main(["emulator", "--port", port]) == cli.EXIT_USAGE
    assert "0 to 65535" in capsys.readouterr().err


def test_gui_self_test_process():
    """What the frozen build's smoke test runs: JPEG and PNG through engine, files, window."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    r = subprocess.run(
        [_bin("smartskin"), "--self-test"], capture_output=True, text=True, env=env, timeout=300
    )
    assert r.returncode == 0 and "self-test OK" in r.stdout, r.stdout + r.stderr


def test_run_without_display_points_to_demo():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    r = subprocess.run([_bin("smartskin")], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 1 and r.stdout == "" and len(r.stderr.splitlines()) == 1
    assert "make demo" in r.stderr and "--self-test" in r.stderr


def test_a_jpeg_with_no_face_comes_out_byte_for_byte_with_the_note(capsys, tmp_path):
    from smartskin_gui.core.engine.local import NO_FACE_NOTE
    from tests.portraits import wood_wall

    src = tmp_path / "table.jpg"
    Image.fromarray(wood_wall(300, 400)).save(src, quality=90, dpi=(300, 300))
    code, lines, err = run(capsys, "enhance", src, "-o", tmp_path / "out", "--json")
    assert code == 0 and lines[0]["ok"], err
    assert NO_FACE_NOTE in lines[0]["notes"]
    assert Path(lines[0]["output"]).read_bytes() == src.read_bytes()
