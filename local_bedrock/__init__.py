"""The local runtime: the repository's agents served offline behind an InvokeAgent-compatible API."""
