"""Commitments written in words: a share promised as "all" without a number.

Sentence shapes (each in a clause with no number of its own, in a target context:
a deadline in the sentence or its paragraph, or 力争/争取):

* ``二级以上公立综合医院均设置老年医学科`` - subject, 均/全部/一律/都, completion verb;
* ``所有区市基本建成紧密型县域医共体`` - 所有/全部 + subject, completion verb;
* ``实现紧密型县域医共体全覆盖`` - ``…全覆盖``;
* ``力争全部达到国家紧密型医共体评判标准`` - 全部 + 达到…标准.

The clause becomes a target of 100 (``in_words``: the value was written in
words; ``value_text`` holds the words).  Mapping decides whether the phrase
names a share indicator (unit %); other phrases stay unmapped.  ``均已建成``
(an achievement) is an observation of 100, never a target.  Not read:
``不得/禁止`` (a prohibition), a clause that carries its own number (the
numeric rules read it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.extract.scan import Leading

_VERBS = r"(?:设置|设立|建成|建立|组建|开设|达到|实现|覆盖|配备|纳入|具备|开展)"
# What 全部 quantifies before its verb ("推进全部乡镇卫生院（社区卫生服务中心）达到基本标准"), not
# 全部 as an adverb before another verb ("县级中医医院全部牵头组建…")
_WHOLES = r"(?:乡镇|镇|苏木|社区|村|县|区|市|旗|二级|三级|公立|政府办|基层|医疗|卫生)"
# (a commitment's year may stand between its adverbs and its verb: "均力争2025年达到…")
_WHEN = r"(?:力争|争取|确保)?(?:(?:19|20)\d{2}年(?:底前|底|前)?)?"
# (every match starts on 均, 全, 一, 都, 所 or 覆: found by scanning for those)
_WORDS_RE = Leading("[均全一都所覆]",
    rf"(?:(?<!平)均|全部|一律|(?<![首成京])都)(?:要|将|应|能|已经?)?{_WHEN}(?:基本)?{_VERBS}"
    rf"|(?:所有|(?<![已均])全部(?={_WHOLES}))[^,;。:\n]{{1,20}}?(?:均|全部)?"
    rf"(?:要|将|应|能|已经?)?(?:基本)?{_VERBS}"
    r"|全覆盖|覆盖(?:全部|所有)(?=[县市区旗乡镇])"  # "…医共体4个，覆盖全部县（市、区）"
)
_NOT_A_PROMISE = re.compile(r"不得|禁止|严禁|不再|未|尚未|仍")
# Words of a result, not of a promise: "均已建成", "已全部设置", "全部已达到"
_DONE_RE = re.compile(r"已")


@dataclass(frozen=True)
class WordsCommitment:
    """Where the words are in the normalised text, and the clause they make a target of."""

    start: int
    end: int
    phrase: str
    done: bool = False  # "均已建成…": a result (an observation of 100), never a goal


def commitment_positions(text: str) -> list[int]:
    """Where commitment words start, in one pass over the document (sentences without
    any are not looked at again)."""
    return [m.start() for m in _WORDS_RE.finditer(text)]


def find_commitment(text: str, c0: int, c1: int) -> WordsCommitment | None:
    """The commitment in words in clause ``text[c0:c1]``, if it has one."""
    m = _WORDS_RE.search(text, c0, c1)
    if m is None:
        return None
    lead = text[max(c0, m.start() - 4):m.start()]
    if _NOT_A_PROMISE.search(m.group(0)) or _NOT_A_PROMISE.search(lead):
        return None
    done = _DONE_RE.search(m.group(0)) is not None or _DONE_RE.search(lead) is not None
    # (a quoted clause without its closing marks: "“确保…全部达到基本标准。”")
    return WordsCommitment(m.start(), m.end(), text[c0:c1].rstrip(_QUOTE_MARKS), done)


_QUOTE_MARKS = "“”「」『』\"。"

