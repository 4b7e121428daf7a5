"""The config path an operator gives, when the file system itself is odd: one line, no
traceback, whatever the path leads to."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.commands import run


def test_a_config_path_in_a_symlink_loop_is_one_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "kiosk.toml"
    other = tmp_path / "other.toml"
    config.symlink_to(other)
    other.symlink_to(config)
    code, out, err = run(capsys, monkeypatch, config, "doctor")
    assert code == 2
    assert out == ""
    assert err.startswith("kiosk: ") and err.count("\n") == 1
    assert "kiosk.toml" in err
