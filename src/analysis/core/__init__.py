"""The bottom layer: values with provenance, typed findings, and small rules of English. Imports nothing of the domain."""
