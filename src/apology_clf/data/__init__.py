"""Reading reply tables and building corpora: ``tables`` (CSV/JSONL/Parquet through 🤗
datasets, column mapping, ids), ``corpus`` (near-duplicates, group-aware splits), ``checks``
(``data check``) and ``generator`` (labelled replies composed from parts)."""
