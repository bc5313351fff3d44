"""Date formats per language: "December 1, 2026" in English, "1 de diciembre de 2026" in Spanish."""
