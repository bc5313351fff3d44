"""Moved to `pathways.admin.translations`: kept while callers move."""

from __future__ import annotations

from pathways.admin.translations import STEPS_REFUSAL, BlockForm, TranslationAdmin, TranslationForm

__all__ = ["STEPS_REFUSAL", "BlockForm", "TranslationAdmin", "TranslationForm"]
