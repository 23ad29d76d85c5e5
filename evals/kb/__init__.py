"""Knowledge-base evaluation: the labelled question set, retrieval and answer metrics, reports."""
