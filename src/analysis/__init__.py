"""Reproducible analysis of published figures on North Korean escapees in South Korea."""

__version__ = "0.1.0"
