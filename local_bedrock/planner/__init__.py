"""The deterministic offline planner: the default model of the local runtime (no network)."""
