"""The fast paths of the extraction give what the general forms they replace give."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from analysis.extract import context

# place names sharing first characters and prefixes of one another (a name that is the start
# of a longer one: 南, 南京, 南京市; 州 after a people's name)
_NAMES = ["南京", "南京市", "南宁", "南宁市", "南昌县", "宁波", "宁波市", "北京市", "北海",
          "京山", "京山市", "海南省", "海口", "德宏州", "德阳", "江西省", "西安"]
_PLACE_ALPHABET = st.sampled_from(sorted({*"".join(_NAMES), *"全市县区的，。 1"}))


@given(st.lists(st.sampled_from(_NAMES), min_size=1, max_size=12, unique=True),
       st.text(_PLACE_ALPHABET, max_size=60))
def test_name_trie_is_the_longest_first_alternation(names: list[str], text: str):
    trie, alternation = re.compile(context.name_trie(names)), \
        re.compile(context.longest_first(names))
    for pos in (0, 3):
        assert [m.span() for m in trie.finditer(text, pos)] == \
            [m.span() for m in alternation.finditer(text, pos)]
