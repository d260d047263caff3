"""The provider's side: the verbs of RULES.md for one provider (handlers), and what the provider reads (queries)."""
