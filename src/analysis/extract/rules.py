"""Extract quantitative targets (and statistics) from the text of a policy document.

Extraction is a sequence of passes over one document, each in its own module:

1. normalise (:mod:`analysis.ingest.textnorm`): full-width forms, PDF line breaks,
   pinyin glosses, traditional -> simplified; offsets back to the raw text kept;
2. document context: genre and reference date (:mod:`analysis.extract.genre`),
   issue date, plan period, places, sections (:mod:`analysis.extract.context`);
3. segments and mentions: sentences, clauses, headings (:mod:`analysis.extract.segment`),
   values and years (:mod:`analysis.extract.numbers`), tables (:mod:`analysis.extract.tables`);
4. linking a value to its subject (:mod:`analysis.extract.subjects`, the word lists in
   :mod:`analysis.extract.vocabulary`);
5. target, statistic or qualifier: the sentence rules (:mod:`analysis.extract.reader`),
   statistics (:mod:`analysis.extract.statistics`), commitments in words
   (:mod:`analysis.extract.words`), the document pass that runs them and lets the genre
   decide (:mod:`analysis.extract.document`);
6. mapping to the codebook (:mod:`analysis.extract.mapping`,
   :mod:`analysis.extract.codebook`).

This module is the public face of the passes: the names the build, the tests and
notebooks import.
"""

from __future__ import annotations

from analysis.extract.context import DocContext
from analysis.extract.document import Extraction, extract_document, extract_targets
from analysis.extract.mapping import (
    assign_indicators,
    county_level_city,
    date_restated,
    extract_and_map,
)
from analysis.extract.target import Target

EXTRACTOR_VERSION = "1.0.0"

__all__ = [
    "EXTRACTOR_VERSION",
    "DocContext",
    "Extraction",
    "Target",
    "assign_indicators",
    "county_level_city",
    "date_restated",
    "extract_and_map",
    "extract_document",
    "extract_targets",
]
