"""From profile to rating: bands, key-group thresholds, recorded judgements, limiting judgements,
withholding - each step a rule with a stable code, every decision in the trace."""
