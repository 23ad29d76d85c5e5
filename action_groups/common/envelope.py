"""The action-group event as Bedrock sends it to the Lambda (the "Lambda input event from Amazon
Bedrock" of https://docs.aws.amazon.com/bedrock/latest/userguide/agents-lambda.html), checked before
the resolver reads it.

The fields, names and types are those of Powertools' `BedrockAgentEventModel`
(aws_lambda_powertools/utilities/parser/models/bedrock_agent.py). That model is not imported: its
package imports all of Powertools' ~40 parser models, about 65 ms of CPU on every cold start
(`make bench-cold-start`), for one envelope check.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class Agent(BaseModel):
    name: str
    id_: str = Field(alias="id")
    alias: str
    version: str


class Property(BaseModel):
    name: str
    type_: str = Field(alias="type")
    value: str


class MediaType(BaseModel):
    properties: list[Property]


class RequestBody(BaseModel):
    content: dict[str, MediaType]


class ActionGroupEvent(BaseModel):
    message_version: str = Field(alias="messageVersion")
    input_text: str = Field(alias="inputText")
    session_id: str = Field(alias="sessionId")
    action_group: str = Field(alias="actionGroup")
    api_path: str = Field(alias="apiPath")
    http_method: str = Field(alias="httpMethod")
    session_attributes: dict[str, str] = Field(default_factory=dict, alias="sessionAttributes")
    prompt_session_attributes: dict[str, str] = Field(default_factory=dict, alias="promptSessionAttributes")
    agent: Agent
    parameters: list[Property] | None = None
    request_body: RequestBody | None = Field(default=None, alias="requestBody")
