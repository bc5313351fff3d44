"""The budgets the README's Performance section promises, in one place."""

from __future__ import annotations

# Every public page makes at most this many queries, however many articles there are.
MAX_QUERIES = 10
# The heaviest article page, with all the site's CSS and JavaScript, in bytes.
MAX_PAGE_BYTES = 60_000
