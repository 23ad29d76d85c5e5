"""Local developer tooling: the offline agent runtime and the agent test console."""
