"""`migrights up` on a port another program holds: one line saying so, at once, before anything is loaded."""

from __future__ import annotations

import socket

from typer.testing import CliRunner

from migrights.cli import app


def test_a_port_in_use_is_refused_in_one_line_before_the_data_are_loaded(tmp_path):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = CliRunner().invoke(app, ["up", "--port", str(port), "--data-dir", str(tmp_path / "data")])
    assert result.exit_code == 1
    said = " ".join(result.output.split())
    assert f"error: cannot listen on 127.0.0.1:{port}: Address already in use" in said
    assert "choose another --port" in said and "Traceback" not in result.output
    assert not (tmp_path / "data").exists()  # refused before the first start's loading
