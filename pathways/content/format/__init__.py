"""The content file format, with no database: YAML with line numbers (`yamlnodes`),
value readers (`fields`), the schemas (`schema`, `translated`), reading files and
folders (`parsing`, `tree`), the canonical form (`canonical`), the reader-text
hash (`texthash`) and the checks a tree needs (`checks`, `translation_checks`)."""
