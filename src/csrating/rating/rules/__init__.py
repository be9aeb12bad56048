"""One rule per file. Each module's docstring is the rule in plain English, with its source."""
