"""Content files and the database, in two layers.

`format/` is the file format and needs no database: reading a tree into parsed
items with line numbers, the schemas, the canonical form, hashes and the checks.
`sync/` keeps files and rows in step: the three-way load, the export, the
translations' load.
"""
