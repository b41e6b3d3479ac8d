"""The monitor's one failure mode: Streamlit's internals are not what it expects."""

from __future__ import annotations


class MonitorUnavailable(Exception):
    """The monitor cannot hook this Streamlit; the app still runs, with the monitor off.

    The message says what was missing, for the one warning the runtime shows.
    """
