"""Each database's own index and ranking; they know nothing of the rest of search."""
