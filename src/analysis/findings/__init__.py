"""Section findings: one function per report section returning a typed findings object (see core.values)."""
