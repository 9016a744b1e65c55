"""Presentation: numbered figures and tables, values with provenance, wording."""
