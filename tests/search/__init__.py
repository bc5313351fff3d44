"""Tests for pathways.search, one module per module of the package."""
