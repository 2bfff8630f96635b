"""The extract stage: the rule engine, the rules, their language helpers, the quality gates."""
