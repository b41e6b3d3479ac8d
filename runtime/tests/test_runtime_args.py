"""The runtime's command line, parsed in-process (the error paths run as processes in test_errors)."""

from __future__ import annotations

import pytest

from threadlit_runtime.args import parse_arguments
from threadlit_runtime.errors import StartupError


def test_defaults() -> None:
    args = parse_arguments(["app.py"])
    assert (args.app, args.port, args.monitor, args.fast_reruns) == ("app.py", 0, True, False)
    assert args.streamlit_flags == {} and args.script_args == []


def test_own_options_in_any_order() -> None:
    args = parse_arguments(["--fast-reruns", "--port=8501", "app.py", "--no-monitor"])
    assert (args.app, args.port, args.monitor, args.fast_reruns) == ("app.py", 8501, False, True)
    assert parse_arguments(["app.py", "--port", "9000"]).port == 9000


def test_streamlit_flags_then_script_args() -> None:
    args = parse_arguments(
        ["app.py", "--", "--theme.base=dark", "--server.maxUploadSize", "10", "--theme.base", "light", "--", "-x", "--"]
    )
    assert args.streamlit_flags == {"theme.base": ["dark", "light"], "server.maxUploadSize": ["10"]}
    assert args.script_args == ["-x", "--"]


def test_a_flag_value_may_contain_equals_signs() -> None:
    args = parse_arguments(["app.py", "--", "--server.baseUrlPath=a=b"])
    assert args.streamlit_flags == {"server.baseUrlPath": ["a=b"]}


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["a.py", "b.py"],
        ["app.py", "--port"],
        ["app.py", "--port", "70000"],
        ["app.py", "--", "--theme.base"],
        ["app.py", "--", "--theme.base", "--server.port=1"],
        ["app.py", "--", "--nodots=1"],
    ],
)
def test_rejected(argv: list[str]) -> None:
    with pytest.raises(StartupError) as caught:
        parse_arguments(argv)
    assert caught.value.code == "bad-arguments"
    assert "Usage: python -m threadlit_runtime" in caught.value.message
