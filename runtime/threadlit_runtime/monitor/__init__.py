"""The runtime's thread-context monitor.

`Monitor(emit, app_path).install()` hooks Streamlit in this process before its server
starts; from then on it emits `runStarted` / `runFinished`, `monitor` events and
`threads` snapshots through `emit`. `MonitorUnavailable` means this Streamlit's
internals differ from what the hooks expect: the app still runs, without the monitor.
"""

from .core import Monitor
from .errors import MonitorUnavailable

__all__ = ["Monitor", "MonitorUnavailable"]
