"""Files and database rows in step: the three-way load (`load`, `translations`), rows
as records and back (`records`, `rows`), what a load renders (`publish`), and the
export (`plans`, `export`). A load's state travels in one `batch.Sync`."""
