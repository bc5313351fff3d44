"""After a load has written its rows: publish them together.

Every row the load saved was handed to the publishing core as it was saved
(`pathways.publishing.hooks`); the load runs inside one `batch()`, so they
are rendered, linked, indexed and their linkers re-rendered here, once, with
one slug map, and the search and content versions are bumped once.
"""

from __future__ import annotations

from pathways.content.sync.batch import Sync
from pathways.publishing.core import current_batch


def publish_written(sync: Sync) -> None:
    current_batch().flush(sync.progress)
