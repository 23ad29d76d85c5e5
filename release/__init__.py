"""The release gate for deployed agents: ``make promote`` / ``make rollback`` (bedrock-agent API).

Bedrock Agents has no CreateAgentVersion operation. A version is created when an alias is created
or updated *without* ``routingConfiguration``: Bedrock snapshots the prepared DRAFT into the next
numbered version and routes that alias to it. With ``routingConfiguration=[{"agentVersion": "N"}]``
an alias is pointed at an existing version instead. The tool uses both:

1. ``candidate`` alias (the tool's own; created on first use) updated without routing -> new version N;
2. the eval suite runs against the ``candidate`` alias, i.e. exactly version N;
3. only if the gate passes: ``live`` updated with ``routingConfiguration=[{"agentVersion": "N"}]``.

Terraform creates ``live`` once and ignores changes to its routing; this tool owns routing after that.
"""
