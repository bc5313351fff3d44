"""The publishing core: what happens after any write to an item (see `core`).

- `core`: `batch()`, `publish()`, `withdraw()`, the rename and date rules;
- `before`: what a row was before a write;
- `checks`: the loader's own checks, asked of any other write;
- `revisions`: the sources and substances each revision keeps;
- `hooks`: the model signals that hand every write to the core;
- `maps`: the slug map and include map the renderer is handed;
- `render`: rendering an item and storing its HTML and link rows;
- `linkers`: the items that link to a changed item, re-rendered.
"""

from __future__ import annotations

from pathways.publishing.before import Before
from pathways.publishing.core import Publication, batch, publish, withdraw
from pathways.publishing.render import preview_html

__all__ = ["Before", "Publication", "batch", "preview_html", "publish", "withdraw"]
