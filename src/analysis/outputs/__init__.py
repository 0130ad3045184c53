"""Outputs: figures, the Excel briefing and notebooks; they select and format, they do
not compute comparisons."""
