"""Benchmark: the Threadlit runtime side by side with plain `streamlit run`.

Prints figures; not a test. For each app it measures, with the servers A (plain) and
B (the runtime, in several configurations) interleaved so that machine noise hits both:

* launch -> `/_stcore/health` answers ok, and launch -> first run finished for a
  connected websocket client (the client plays the browser: runtime/tests/st_client.py);
* rerun latency (request -> `script_finished`, back to back) over N reruns, median and a
  95 % bootstrap confidence interval of the ratio of medians B/A;
* idle RSS after the first run.

Run: `npm run bench:runtime` or `.venv/bin/python bench/runtime/bench_runtime.py [--reruns N]`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "runtime" / "tests"))

from st_client import StreamlitClient  # noqa: E402

PYTHON = sys.executable
STREAMLIT = str(Path(sys.executable).parent / "streamlit")
APPS = {
    "trivial": ROOT / "bench" / "runtime" / "apps" / "trivial.py",
    "option2": ROOT / "examples" / "option2_script_run_ctx.py",
}

# name -> runtime flags (None: plain `streamlit run`).
CONFIGS: dict[str, list[str] | None] = {
    "plain": None,
    "runtime": [],
    "runtime --no-monitor": ["--no-monitor"],
    "runtime --fast-reruns": ["--fast-reruns"],
    "runtime --fast-reruns --no-monitor": ["--fast-reruns", "--no-monitor"],
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as response:
            return response.read() == b"ok"
    except OSError:
        return False


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class Server:
    config: str
    app: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    ready_at: float | None = None
    #: Read the runtime's events (for the ready time); off for reruns, so that parsing
    #: them does not compete for this process's GIL with the timed client.
    read_events: bool = True

    def launch(self) -> None:
        flags = CONFIGS[self.config]
        self.started = time.perf_counter()
        if flags is None:
            self.proc = subprocess.Popen(
                [STREAMLIT, "run", str(self.app), "--server.headless", "true", "--server.port", str(self.port),
                 "--browser.gatherUsageStats", "false"],
                cwd=self.app.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
            return
        env = dict(os.environ, PYTHONPATH=str(ROOT / "runtime"))
        self.proc = subprocess.Popen(
            [PYTHON, "-m", "threadlit_runtime", str(self.app), "--port", str(self.port), *flags],
            cwd=self.app.parent, env=env, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE if self.read_events else subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        if self.read_events:
            threading.Thread(target=self._read_events, daemon=True).start()

    def _read_events(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for line in self.proc.stdout:
            if self.ready_at is None and json.loads(line).get("type") == "ready":
                self.ready_at = time.perf_counter()

    def wait_healthy(self, timeout: float = 30) -> float:
        deadline = time.perf_counter() + timeout
        while not healthy(self.port):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{self.config} never became healthy")
            time.sleep(0.005)
        return time.perf_counter() - self.started

    def stop(self) -> None:
        assert self.proc is not None
        if self.proc.stdin is not None:
            self.proc.stdin.close()  # the runtime's own shutdown path
        else:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def ratio_ci(a: list[float], b: list[float], rounds: int = 2000) -> tuple[float, float, float]:
    """Median(b)/median(a) and a 95 % percentile-bootstrap confidence interval."""
    rng = random.Random(1)
    ratios = sorted(
        statistics.median(rng.choices(b, k=len(b))) / statistics.median(rng.choices(a, k=len(a))) for _ in range(rounds)
    )
    return statistics.median(b) / statistics.median(a), ratios[int(0.025 * rounds)], ratios[int(0.975 * rounds)]


def measure_launches(app: Path, configs: list[str], rounds: int) -> dict[str, dict[str, list[float]]]:
    """Launch each config `rounds` times, interleaved; returns per-config sample lists."""
    results: dict[str, dict[str, list[float]]] = {
        config: {"health": [], "first": [], "ready": [], "rss": []} for config in configs
    }
    for round_ in range(rounds):
        # Rotate the order each round, so no config always follows the same neighbour.
        shift = round_ % len(configs)
        for config in configs[shift:] + configs[:shift]:
            server = Server(config, app)
            server.launch()
            try:
                results[config]["health"].append(server.wait_healthy())
                client = StreamlitClient(server.port, timeout=30)
                try:
                    client.run()
                    results[config]["first"].append(time.perf_counter() - server.started)
                finally:
                    client.close()
                if server.ready_at is not None:
                    results[config]["ready"].append(server.ready_at - server.started)
                assert server.proc is not None
                results[config]["rss"].append(rss_mib(server.proc.pid))
            finally:
                server.stop()
    return results


def measure_reruns(app: Path, configs: list[str], reruns: int, warmup: int = 5) -> dict[str, list[float]]:
    """All configs serve at once; reruns go round-robin across them, back to back."""
    servers = [Server(config, app, read_events=False) for config in configs]
    clients: list[StreamlitClient] = []
    try:
        for server in servers:
            server.launch()
        for server in servers:
            server.wait_healthy()
            clients.append(StreamlitClient(server.port, timeout=30))
        for client in clients:
            for _ in range(warmup):
                client.run()
        samples: dict[str, list[float]] = {config: [] for config in configs}
        for _ in range(reruns):
            for config, client in zip(configs, clients, strict=True):
                began = time.perf_counter()
                client.run()
                samples[config].append(time.perf_counter() - began)
        return samples
    finally:
        for client in clients:
            client.close()
        for server in servers:
            if server.proc is not None:
                server.stop()


def report(title: str, lines: list[str], out: Callable[[str], None] = print) -> None:
    out(f"\n## {title}")
    for line in lines:
        out(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", default="trivial,option2")
    parser.add_argument("--reruns", type=int, default=200, help="reruns per config (trivial app)")
    parser.add_argument("--option2-reruns", type=int, default=200, help="reruns per config (option2 app)")
    parser.add_argument("--launches", type=int, default=8, help="interleaved launches per config")
    args = parser.parse_args()

    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; A = plain `streamlit run`, B = runtime")
    for name in args.apps.split(","):
        app = APPS[name]
        if not app.exists():
            print(f"\n(skipping {name}: {app} does not exist)")
            continue
        launch_configs = ["plain", "runtime --fast-reruns", "runtime"]
        launches = measure_launches(app, launch_configs, args.launches)
        plain = launches["plain"]
        lines = ["| config | launch → health (median s) | launch → first run (s) | ratio first run B/A [95 % CI] "
                 "| launch → ready event (s) | idle RSS (MiB) |", "|---|---|---|---|---|---|"]  # fmt: skip
        for config, got in launches.items():
            ci = ratio_ci(plain["first"], got["first"])
            ratio = "—" if config == "plain" else "{:.2f} [{:.2f}, {:.2f}]".format(*ci)
            ready = f"{statistics.median(got['ready']):.3f}" if got["ready"] else "—"
            lines.append(
                f"| {config} | {statistics.median(got['health']):.3f} | {statistics.median(got['first']):.3f} "
                f"| {ratio} | {ready} | {statistics.median(got['rss']):.0f} |"
            )
        report(f"{name}: launch ({args.launches} interleaved launches each)", lines)

        reruns = args.reruns if name == "trivial" else args.option2_reruns
        # The Option 2 app sleeps 0.5 s per run: leave out the least telling configuration.
        configs = list(CONFIGS) if name == "trivial" else list(CONFIGS)[:4]
        samples = measure_reruns(app, configs, reruns)
        base = samples["plain"]
        lines = ["| config | median (ms) | p95 (ms) | vs plain [95 % CI] |", "|---|---|---|---|"]
        for config, got in samples.items():
            ratio = "—" if config == "plain" else "{:.3f} [{:.3f}, {:.3f}]".format(*ratio_ci(base, got))
            p95 = sorted(got)[int(0.95 * len(got))] * 1000
            lines.append(f"| {config} | {median_ms(got):.2f} | {p95:.2f} | {ratio} |")
        pairs = (("runtime", "runtime --no-monitor"), ("runtime --fast-reruns", "runtime --fast-reruns --no-monitor"))
        for on, off in pairs:
            if on in samples and off in samples:
                lines.append("monitor cost at equal settings ({}): {:.3f} [{:.3f}, {:.3f}]".format(
                    on, *ratio_ci(samples[off], samples[on])))  # fmt: skip
        report(f"{name}: rerun latency, back to back ({reruns} reruns each, interleaved)", lines)


if __name__ == "__main__":
    main()
