"""Answering a confirmation request (InvokeAgent's ``returnControl`` event) the way an application does:
``sessionState.invocationId`` plus one ``returnControlInvocationResults`` entry per invocation input,
each echoing what was asked with ``confirmationState`` CONFIRM or DENY (botocore's
``bedrock-agent-runtime`` model: ``ApiResult`` / ``FunctionResult``). The console, the evals and the
tests all answer through these two functions."""

from __future__ import annotations

from typing import Any


def confirmation_answers(return_control: dict[str, Any], decision: str) -> list[dict[str, Any]]:
    """One result per invocation input, echoing what was asked, with the user's decision."""
    results = []
    keys: tuple[str, ...]
    for item in return_control.get("invocationInputs", []):
        if "apiInvocationInput" in item:
            member, asked, keys = (
                "apiResult",
                item["apiInvocationInput"],
                ("actionGroup", "apiPath", "httpMethod"),
            )
        else:
            member, asked, keys = (
                "functionResult",
                item["functionInvocationInput"],
                ("actionGroup", "function"),
            )
        results.append({member: {k: asked[k] for k in keys} | {"confirmationState": decision}})
    return results


def confirmation_results(return_control: dict[str, Any], state: str) -> dict[str, Any]:
    """The sessionState that answers a confirmation request with CONFIRM or DENY."""
    return {
        "invocationId": return_control.get("invocationId", ""),
        "returnControlInvocationResults": confirmation_answers(return_control, state),
    }
