"""Evaluations: YAML scenarios played against an InvokeAgent endpoint (local or AWS), judged and
reported; the feedback exporter that turns rated console conversations into scenarios."""
