"""AWS Chatbot (Amazon Q Developer in chat applications): Slack channel configurations.

API reference CreateSlackChannelConfiguration / DescribeSlackChannelConfigurations /
UpdateSlackChannelConfiguration / DeleteSlackChannelConfiguration. The ARN is
``arn:aws:chatbot::<account>:chat-configuration/slack-channel/<name>`` (global: no region); a
configuration is ENABLED once created (the provider's slack_channel_configuration.go waits for it).
Not emulated: the Slack workspace authorization (done in the console on AWS; any team id is
accepted here), and Slack's own names (the team name is reported as ``local-workspace``).
"""

from __future__ import annotations

import copy
import threading
from typing import Any

from local_bedrock.aws.errors import ConflictException
from local_bedrock.aws.http import Call
from local_bedrock.aws.paging import not_found, page
from local_bedrock.aws.params import settings_from
from local_bedrock.aws.tags import TagStore

SERVICE = "chatbot"
_SETTINGS = (
    "SlackChannelId",
    "SlackChannelName",
    "SnsTopicArns",
    "IamRoleArn",
    "LoggingLevel",
    "GuardrailPolicyArns",
    "UserAuthorizationRequired",
)


class ChatbotService:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.configurations: dict[str, dict[str, Any]] = {}  # by ARN
        self.tags: dict[str, dict[str, str]] = {}
        self._tagging = TagStore(self.tags, lambda arn: arn in self.configurations)

    def _get(self, arn: str) -> dict[str, Any]:
        configuration = self.configurations.get(arn)
        if configuration is None:
            raise not_found("chat configuration", arn)
        return configuration

    def _api(self, configuration: dict[str, Any]) -> dict[str, Any]:
        result = copy.deepcopy(configuration)
        tags = self.tags.get(configuration["ChatConfigurationArn"])
        if tags:
            result["Tags"] = [{"TagKey": k, "TagValue": v} for k, v in sorted(tags.items())]
        return result

    def create_slack_channel_configuration(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        name = params["ConfigurationName"]
        arn = f"arn:aws:chatbot::{call.account_id}:chat-configuration/slack-channel/{name}"
        if arn in self.configurations:
            # botocore's CreateSlackChannelConfiguration lists ConflictException; the name is the
            # ARN's last part, so it is unique per account. The wording is a guess.
            raise ConflictException(f"A Slack channel configuration named {name} already exists.")
        configuration = {
            "ChatConfigurationArn": arn,
            "ConfigurationName": name,
            "SlackTeamId": params["SlackTeamId"],
            "SlackTeamName": "local-workspace",
            "SlackChannelName": params.get("SlackChannelName", params["SlackChannelId"]),
            "SnsTopicArns": [],
            "LoggingLevel": "NONE",  # API reference: LoggingLevel defaults to NONE
            "UserAuthorizationRequired": False,
            "State": "ENABLED",
            **settings_from(params, _SETTINGS),
        }
        self.configurations[arn] = configuration
        if params.get("Tags"):
            self.tags[arn] = {t["TagKey"]: t["TagValue"] for t in params["Tags"]}
        return {"ChannelConfiguration": self._api(configuration)}

    def describe_slack_channel_configurations(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("ChatConfigurationArn"):
            chosen = [self._get(params["ChatConfigurationArn"])]
        else:
            chosen = list(self.configurations.values())
        chunk, token = page(
            chosen, {"maxResults": params.get("MaxResults"), "nextToken": params.get("NextToken")}
        )
        output: dict[str, Any] = {"SlackChannelConfigurations": [self._api(c) for c in chunk]}
        if token:
            output["NextToken"] = token
        return output

    def update_slack_channel_configuration(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        configuration = self._get(params["ChatConfigurationArn"])
        configuration.update(settings_from(params, _SETTINGS))
        return {"ChannelConfiguration": self._api(configuration)}

    def delete_slack_channel_configuration(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        self._get(params["ChatConfigurationArn"])
        del self.configurations[params["ChatConfigurationArn"]]
        self.tags.pop(params["ChatConfigurationArn"], None)
        return {}

    def list_tags_for_resource(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        tags = self._tagging.tags(params["ResourceARN"])
        return {"Tags": [{"TagKey": k, "TagValue": v} for k, v in sorted(tags.items())]}

    def tag_resource(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        return self._tagging.tag(params["ResourceARN"], {t["TagKey"]: t["TagValue"] for t in params["Tags"]})

    def untag_resource(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        return self._tagging.untag(params["ResourceARN"], params["TagKeys"])
