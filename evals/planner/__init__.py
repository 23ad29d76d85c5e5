"""The offline planner's utterance suites and the harness that runs them through the local endpoint."""
