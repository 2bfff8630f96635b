"""Language helpers shared by the rules and the quality gates: terms, text, figures, lead-ins."""
