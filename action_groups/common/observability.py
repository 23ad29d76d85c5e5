"""Powertools Logger, Metrics and Tracer, configured from the environment.

POWERTOOLS_SERVICE_NAME names the action group; POWERTOOLS_METRICS_NAMESPACE groups the metrics.
Tracing turns itself off outside Lambda; metrics can be silenced with POWERTOOLS_METRICS_DISABLED.
"""

from __future__ import annotations

import os

from aws_lambda_powertools import Logger, Metrics, Tracer

NAMESPACE = os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "PurchaseAssistant")

logger = Logger()
metrics = Metrics(namespace=NAMESPACE)
tracer = Tracer()
