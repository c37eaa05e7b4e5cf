"""Drafting agent: ticket models, settings, redaction, classification, drafting, the guard, the pipeline."""
