"""Ingest: a file becomes text (converters), gets its metadata (manifest or inferred from
the text), is checked against the same plan in another format, and a normalised view
with exact offsets back to the raw text (textnorm)."""
