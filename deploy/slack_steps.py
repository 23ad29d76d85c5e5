"""The Slack steps that cannot be automated, printed with this deployment's values."""

from __future__ import annotations

from deploy.outputs import DeployOutputs

NOT_CONFIGURED = """\
Slack is not configured (optional). To ask the support agent from Slack:
  1. AWS console -> Amazon Q Developer in chat applications (AWS Chatbot) -> Configure new client ->
     Slack -> authorize your workspace. Note the workspace id (T...).
  2. In Slack, open the channel's details and copy its channel id (C...). For a private channel,
     first /invite @Amazon Q.
  3. Put both in terraform/terraform.tfvars:
       slack = {{ team_id = "T...", channel_id = "C..." }}
     and run make deploy again; this message then shows the connector command.
Meanwhile: {console}
"""

CONFIGURED = """\
Slack channel configured. Two steps remain that AWS offers no API for:
  1. If not done yet: AWS console -> Amazon Q Developer in chat applications -> authorize the
     Slack workspace (the channel configuration exists, the workspace consent is yours to give).
  2. In the Slack channel, invite the app and add the support agent as a connector:
       /invite @Amazon Q
       {connector}
     Then ask, e.g.: @Amazon Q ask {name} Show the recent purchases of customer C0001
Test console against this deployment: {console}
"""


def slack_steps(outputs: DeployOutputs) -> str:
    if not outputs.slack_configured:
        return NOT_CONFIGURED.format(console=outputs.console_command)
    # "@Amazon Q connector add <name> <agent ARN> <alias id>"
    name = outputs.slack_connector_command.split()[4]
    return CONFIGURED.format(
        connector=outputs.slack_connector_command, name=name, console=outputs.console_command
    )
