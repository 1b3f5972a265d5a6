"""What /healthz reports: each surface of the process and its state."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class State(StrEnum):
    """A surface's state; anything but SERVING makes the process `degraded`."""

    STARTING = "starting"
    SERVING = "serving"
    RETRYING = "retrying"
    STOPPED = "stopped"


@dataclass
class Health:
    """Surface states shared by the runner (which updates them) and /healthz (which shows them)."""

    _states: dict[str, State] = field(default_factory=dict)
    _details: dict[str, str] = field(default_factory=dict)

    def set(self, surface: str, state: State, detail: str | None = None) -> None:
        """Record `surface`'s state, with a short reason when it is not serving."""
        self._states[surface] = state
        if detail is None:
            self._details.pop(surface, None)
        else:
            self._details[surface] = detail[:200]

    def state(self, surface: str) -> State | None:
        """The recorded state of `surface`, if any."""
        return self._states.get(surface)

    def report(self) -> dict[str, object]:
        """`{"status": "ok" | "degraded", "surfaces": {name: {"state": ..., "detail": ...}}}`."""
        surfaces: dict[str, dict[str, str]] = {}
        for name, state in sorted(self._states.items()):
            entry = {"state": state.value}
            if name in self._details:
                entry["detail"] = self._details[name]
            surfaces[name] = entry
        healthy = all(state is State.SERVING for state in self._states.values())
        return {"status": "ok" if healthy else "degraded", "surfaces": surfaces}
