"""ConverseModel against a real ``bedrock-runtime`` client stubbed with botocore's Stubber.

The client validates every request against botocore's service model before the Stubber answers, so
a malformed tool spec or message fails these tests the way it would fail against Bedrock.
"""

from __future__ import annotations

import json

from converse_fixtures import (
    MODEL_ID,
    context,
    converse_rule_violations,
    response,
    stubbed,
    tool_use,
)

from local_bedrock.agent.converse import BLOCKED_ANSWER, EMPTY_ANSWER, ConverseModel
from local_bedrock.agent.model import FinalAnswer, KnowledgeQuery, Observation, Step, ToolCall
from local_bedrock.sessions import Turn

PURCHASES = {"purchases": [{"purchaseId": "ORD-7K3F9Q", "total": "59.90"}], "truncated": False}


def test_preprocessing_is_disabled() -> None:
    with stubbed() as (model, _, _):
        assert model.preprocess(context("hi")) is None


def test_tool_use_becomes_a_tool_call_with_typed_arguments() -> None:
    with stubbed() as (model, stubber, recorder):
        stubber.add_response(
            "converse",
            response(
                {"text": "I'll order two of them."},
                tool_use("placeOrder", {"productId": "PRD-0042", "quantity": "2"}),
                stop_reason="tool_use",
            ),
        )
        output = model.decide(context("order two PRD-0042 please"))
    assert output.decision == ToolCall(
        "placeOrder", {"productId": "PRD-0042", "quantity": 2}, "I'll order two of them."
    )
    assert (output.input_tokens, output.output_tokens) == (812, 47)
    request = recorder.last
    assert request["modelId"] == MODEL_ID
    assert request["messages"] == [{"role": "user", "content": [{"text": "order two PRD-0042 please"}]}]
    assert "placeOrder" in [t["toolSpec"]["name"] for t in request["toolConfig"]["tools"]]


def test_a_tool_call_without_text_has_an_empty_rationale() -> None:
    with stubbed() as (model, stubber, _):
        stubber.add_response("converse", response(tool_use("getRecentPurchases", {}), stop_reason="tool_use"))
        decision = model.decide(context("what did I buy?")).decision
    assert decision == ToolCall("getRecentPurchases", {}, "")


def test_the_follow_up_request_carries_the_tool_use_and_its_result() -> None:
    call = ToolCall("getRecentPurchases", {"limit": 3}, "Let me look that up.")
    done = Observation("ACTION_GROUP", 200, PURCHASES, json.dumps(PURCHASES))
    with stubbed() as (model, stubber, recorder):
        stubber.add_response("converse", response({"text": "You bought ORD-7K3F9Q for $59.90."}))
        output = model.decide(context("what did I buy?", steps=[Step(call, done)]))
    assert output.decision == FinalAnswer("You bought ORD-7K3F9Q for $59.90.", "")
    user, assistant, result = recorder.last["messages"]
    assert user == {"role": "user", "content": [{"text": "what did I buy?"}]}
    assert assistant["role"] == "assistant"
    assert assistant["content"][0] == {"text": "Let me look that up."}
    use = assistant["content"][1]["toolUse"]
    assert (use["name"], use["input"]) == ("getRecentPurchases", {"limit": 3})
    assert result["role"] == "user"
    assert result["content"] == [
        {"toolResult": {"toolUseId": use["toolUseId"], "content": [{"json": PURCHASES}]}}
    ]


def test_failed_and_denied_steps_are_error_results() -> None:
    missing = Observation("ACTION_GROUP", 404, {"message": "Purchase ORD-AAAAAA not found"}, "...")
    denied = Observation("DENIED", 0, None, "The user denied the action.")
    steps = [
        Step(ToolCall("getPurchaseDetails", {"purchaseId": "ORD-AAAAAA"}, ""), missing),
        Step(ToolCall("cancelOrder", {"orderId": "ORD-7K3F9Q"}, "Cancelling."), denied),
    ]
    with stubbed() as (model, stubber, recorder):
        stubber.add_response("converse", response({"text": "I did not cancel it."}))
        model.decide(context("cancel it", steps=steps))
    messages = recorder.last["messages"]
    assert converse_rule_violations(messages) == []
    results = [b["toolResult"] for m in messages for b in m["content"] if "toolResult" in b]
    assert [r["status"] for r in results] == ["error", "error"]
    assert results[0]["content"] == [{"json": {"message": "Purchase ORD-AAAAAA not found"}}]
    assert results[1]["content"] == [{"json": {"error": "The user denied the action."}}]


def test_non_anthropic_models_get_no_result_status() -> None:
    missing = Observation("ACTION_GROUP", 404, {"message": "not found"}, "...")
    step = Step(ToolCall("getOrderStatus", {"orderId": "ORD-AAAAAA"}, ""), missing)
    with stubbed(model_id="amazon.nova-pro-v1:0") as (model, stubber, recorder):
        stubber.add_response("converse", response({"text": "Not found."}))
        model.decide(context("where is ORD-AAAAAA", steps=[step]))
    result = recorder.last["messages"][-1]["content"][0]["toolResult"]
    assert "status" not in result
    assert result["content"] == [{"json": {"message": "not found"}}]


def test_knowledge_base_tool_becomes_a_knowledge_query_and_its_results_go_back() -> None:
    with stubbed() as (model, stubber, recorder):
        stubber.add_response(
            "converse",
            response(tool_use("search_knowledge_base", {"query": "return window"}), stop_reason="tool_use"),
        )
        first = model.decide(context("how long do I have to return things?"))
        assert first.decision == KnowledgeQuery("return window", "")
        hits = [
            {
                "content": {"type": "TEXT", "text": "Returns are accepted within 30 days."},
                "location": {"type": "S3", "s3Location": {"uri": "s3://kb/returns.md"}},
                "score": 0.91,
            }
        ]
        step = Step(first.decision, Observation("KNOWLEDGE_BASE", 200, hits, "..."))
        stubber.add_response("converse", response({"text": "You have 30 days (returns policy)."}))
        second = model.decide(context("how long do I have to return things?", steps=[step]))
    assert second.decision == FinalAnswer("You have 30 days (returns policy).", "")
    result = recorder.last["messages"][-1]["content"][0]["toolResult"]
    assert result["content"] == [
        {
            "json": {
                "results": [
                    {
                        "text": "Returns are accepted within 30 days.",
                        "source": "s3://kb/returns.md",
                        "score": 0.91,
                    }
                ]
            }
        }
    ]


def test_the_knowledge_base_tool_is_offered_only_to_agents_with_a_knowledge_base() -> None:
    with stubbed() as (model, stubber, recorder):
        stubber.add_response("converse", response({"text": "Which customer?"}))
        model.decide(context("recent purchases please", agent="support", session_attributes={}))
    names = [t["toolSpec"]["name"] for t in recorder.last["toolConfig"]["tools"]]
    assert "search_knowledge_base" not in names
    assert "getCustomerRecentPurchases" in names


def test_system_prompt_has_instruction_date_and_prompt_session_attributes_but_not_identity() -> None:
    with stubbed() as (model, stubber, recorder):
        stubber.add_response("converse", response({"text": "Hello!"}))
        model.decide(
            context(
                "hi",
                session_attributes={"customerId": "C0042"},
                prompt_session_attributes={"channel": "mobile app", "locale": "en-GB"},
            )
        )
    (system,) = recorder.last["system"]
    assert system["text"].startswith("You are the purchase assistant")
    assert "Today's date is 2026-03-14 (Saturday)." in system["text"]
    assert "channel: mobile app\nlocale: en-GB" in system["text"]
    assert "C0042" not in json.dumps(recorder.last)


def test_history_is_replayed_and_bounded() -> None:
    history = [Turn(f"question {i}", f"answer {i}") for i in range(12)] + [Turn("order it", "")]
    with stubbed(max_turns=3) as (model, stubber, recorder):
        stubber.add_response("converse", response({"text": "Done."}))
        model.decide(context("and the second one?", history=history))
    texts = [(m["role"], m["content"][0]["text"]) for m in recorder.last["messages"]]
    assert texts == [
        ("user", "question 10"),
        ("assistant", "answer 10"),
        ("user", "question 11"),
        ("assistant", "answer 11"),
        ("user", "order it"),
        ("assistant", "(no answer)"),
        ("user", "and the second one?"),
    ]


def test_prompt_raw_response_and_tokens_describe_the_invocation() -> None:
    with stubbed() as (model, stubber, recorder):
        stubber.add_response("converse", response({"text": "Hi there."}, input_tokens=1500, output_tokens=9))
        output = model.decide(context("hello"))
    prompt = json.loads(output.prompt)
    assert prompt["system"] == recorder.last["system"][0]["text"]
    assert prompt["messages"] == recorder.last["messages"]
    assert "getRecentPurchases" in prompt["tools"] and "search_knowledge_base" in prompt["tools"]
    assert json.loads(output.raw_response) == {"role": "assistant", "content": [{"text": "Hi there."}]}
    assert (output.input_tokens, output.output_tokens) == (1500, 9)


def test_max_tokens_answers_with_what_came_back_and_notes_it() -> None:
    with stubbed(inference_config={"maxTokens": 64}) as (model, stubber, recorder):
        stubber.add_response(
            "converse", response({"text": "Your last three orders were"}, stop_reason="max_tokens")
        )
        decision = model.decide(context("list my orders")).decision
    assert recorder.last["inferenceConfig"] == {"maxTokens": 64}
    assert isinstance(decision, FinalAnswer)
    assert decision.text == "Your last three orders were"
    assert "maxTokens" in decision.rationale and "64" in decision.rationale


def test_guardrail_and_content_filter_stops_answer_with_the_blocked_message() -> None:
    with stubbed() as (model, stubber, _):
        stubber.add_response(
            "converse",
            response({"text": "Sorry, the model cannot answer this."}, stop_reason="guardrail_intervened"),
        )
        stubber.add_response("converse", response(stop_reason="content_filtered"))
        guarded = model.decide(context("something nasty")).decision
        filtered = model.decide(context("something nasty")).decision
    assert guarded == FinalAnswer(
        "Sorry, the model cannot answer this.", "Bedrock stopped the model output (guardrail_intervened)."
    )
    assert isinstance(filtered, FinalAnswer)
    assert filtered.text == BLOCKED_ANSWER
    assert "content_filtered" in filtered.rationale


def test_a_model_instance_serves_several_agents() -> None:
    with stubbed() as (model, stubber, recorder):
        stubber.add_response("converse", response({"text": "a"}))
        stubber.add_response("converse", response({"text": "b"}))
        model.decide(context("hi", agent="assistant"))
        model.decide(context("hi", agent="support"))
    first, second = (len(r["toolConfig"]["tools"]) for r in recorder.requests)
    assert (first, second) == (8, 4)
    assert isinstance(model, ConverseModel)


def test_an_empty_answer_or_search_is_never_passed_on() -> None:
    with stubbed(inference_config={}) as (model, stubber, recorder):
        stubber.add_response("converse", response(stop_reason="end_turn"))
        stubber.add_response(
            "converse", response(tool_use("search_knowledge_base", {"query": " "}), stop_reason="tool_use")
        )
        silent = model.decide(context("hmm")).decision
        search = model.decide(context("can I return opened headphones?")).decision
    assert "inferenceConfig" not in recorder.last
    assert isinstance(silent, FinalAnswer)
    assert silent.text == EMPTY_ANSWER and "without text" in silent.rationale
    assert search == KnowledgeQuery("can I return opened headphones?", "")
