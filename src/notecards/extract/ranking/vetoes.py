"""Vetoes: named checks that rule a sentence out before it is scored (a question, a reading
of a figure, the note-taker's chatter, a pointer to text elsewhere, …). ``--explain`` shows the
name of the first that refuses a sentence."""

from __future__ import annotations

import re
from collections.abc import Callable

from notecards.extract.lang.coreference import resolved
from notecards.extract.lang.markup import bold_heading
from notecards.extract.lang.notation import sets_up_notation
from notecards.extract.lang.paper import authors_acting, paper_named
from notecards.extract.lang.pointers import points_below
from notecards.extract.lang.term_en import capitalized
from notecards.extract.lang.terms import XREF, points_outside
from notecards.extract.lang.topic import SERIES
from notecards.extract.ranking.candidates import Candidate, NoteView, display_size
from notecards.prefilter import quick

Veto = Callable[[Candidate, NoteView], bool]
"""A check: does it refuse this candidate of this note?"""
_URL = re.compile(r"https?://\S+|www\.\S+")
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|my|me)\b|我(?!们)|笔者|个人(?:觉得|认为|理解)")
_READING = re.compile(
    r"\bas (?:can be |is )?(?:seen|shown) (?:in|from|below|above)\b|\b(?:the|this) (?:diagram|figure)\b"
    r"|如图|见图|下图|上图|图中|如下所示|文章中|论文中|文中|本文中"
    # parts of a figure named by their colour or shading (蓝点, 绿色的序列, The shaded portions);
    # not red or black, which name a red-black tree's nodes (红色结点)
    r"|[绿蓝黄紫橙灰]色的?[^，。；]{0,6}?(?:点|框|线|部分|序列|标记|区域|箭头|格子)"
    r"|[绿蓝黄紫橙灰][点框]|\b(?:shaded|highlighted) (?:portion|area|region|part|cell|box)",
    re.IGNORECASE,
)
_INSTRUCTION = re.compile(
    r"(?:click|run|install|download|upload|open|type|enter|select|choose|press|call|provide|"
    r"try|see|check|note|let's|let us|recall|remember|consider|imagine|suppose|go|visit|read)\b"
    r"|(?:请|点击|运行|安装|下载|打开|输入|选择|尝试|试着|参见|详见|注意|回顾|考虑|假设|想象|进入|选中|"
    r"按下|单击|双击|勾选|登录|执行)",
    re.IGNORECASE,
)
"""An opening verb in the imperative: the sentence tells the reader to do something."""
_CONTEXT_POINTER = re.compile(
    r"前文|上文|下文|本题|此题|该题|上式|下式|该式|此式|上例|例中|本例|上图|下图|上表|下表|本节|本章|"
    r"上面|下面|上述|前面提到|后面提到|"
    r"上一章|下一章|上一节|下一节|前(?:几|两|三|面几?)[章节]|"  # 前几章; not 当前节点
    r"如上所述|如前所述|这棵树|这种情况|由上可知|由此可知|综上|"
    r"(?:基于|根据|由于|通过)以上|以上(?:两|三|几|这|的)|如以上|以上(?:结果|代码|例子|过程|方法|步骤)|"
    r"如上(?:所示|方|图|文|方法)|上方的|"
    # a numbered equation of the page: 方程 $(9)$, 式 (3), equation (2)
    r"(?:式|方程|公式|\b(?:equation|eq\.))\s*(?:\\\(|\$)?\s*[（(]\d{1,3}[)）]|"
    r"\b(?:as (?:mentioned|discussed|shown|described) (?:above|before|earlier)|(?:one|some|each|"
    r"all|none|both) of (?:them|these|those)|of this is|the (?:above|previous|following) "
    r"(?:section|example|equation|figure))\b",
    re.IGNORECASE,
)
_YOU = re.compile(
    r"\b(?:[Ii]f|[Aa]s|[Ww]hen|[Uu]nless) you\b|\byou (?:might|may|should|need|must|have to|want)\b"
    r"|^You\b|您需要|你需要|你要|请您"
)
"""The reader addressed with advice or a task (``If you have …``, ``you might want to``,
``您需要``); a generic *you* in a claim (``ULMFiT allows you to``) is left alone."""
_WE = re.compile(r"\bwe\b", re.IGNORECASE)
"""``we`` in a tutorial or summary: the writer (and reader) doing something, not a claim of the
subject's."""
_PRONOUN = re.compile(r"\b(?:it|its|they|them|their|these|those)\b", re.IGNORECASE)
_SUBJECT = re.compile(r"(?:they|it|these|those|this)\b", re.IGNORECASE)
"""A pronoun or demonstrative opening a clause as its subject (``they use``, ``those models``;
not ``its``: ``For any query, its weights …`` says whose)."""
_ADVERBIAL = re.compile(
    r"^(?:to|though|although|by|if|when|while|because|as|since|after|before|once|unless|with|"
    r"without|using|given|for|in|on|from|instead of)\b",
    re.IGNORECASE,
)
"""An opening adverbial clause or phrase (``To use it, …``, ``By increasing it, …``)."""


_CLAUSE_BREAK = re.compile(r"[,;:，；：]")
_CLAUSE_BREAK_EN = re.compile(r"[,;:]")


def _pronoun_clause(opening: str) -> bool:
    """Whether an English pronoun is the subject of the opening clause (``They use …``, ``It is
    trained …``), sits in an adverbial before it (``To use it, …``) or opens the main clause
    after one (``To get rid of the first two issues, they use …``): its referent is in another
    sentence. After the clause's own subject it points back to it (``Self-attention is good
    because it …``)."""
    first, *rest = _CLAUSE_BREAK.split(opening, maxsplit=1)
    pronoun = _PRONOUN.search(first[:80])
    if pronoun is not None:
        return pronoun.start() == 0 or _ADVERBIAL.match(first) is not None
    # "To get rid of them, they use …": the main clause after an adverbial opens on one
    return bool(rest and _ADVERBIAL.match(first) and _SUBJECT.match(rest[0].lstrip()))


def _said(c: Candidate) -> str:
    """The sentence's opening as its card says it: an opening ``It`` / ``They`` replaced by what
    it refers to (:attr:`~notecards.extract.ranking.candidates.Candidate.antecedent`)."""
    return resolved(c.opening, c.antecedent) if c.antecedent else c.opening


_OTHER_PRONOUN = re.compile(r"\b(?:it|its|these|those)\b", re.IGNORECASE)
"""A pronoun that is not the authors' own (``their algorithm`` is the paper's)."""


def _authors_act(c: Candidate, note: NoteView) -> bool:
    """Whether a sentence of a paper note (one with a topic) has the authors acting at its
    opening or after its opening adverbial (:func:`~notecards.extract.lang.paper.authors_acting`)
    with no other pronoun before the clause ends: the card names them (``The authors stack
    frames …`` under the paper's name)."""
    if not note.topic:
        return False
    # after a lead the card drops ("Now, instead of …, they feed …"), from its opening
    text = capitalized(c.opening)
    they = authors_acting(text)
    if they is None:
        return False
    clause = _CLAUSE_BREAK_EN.search(text, they[1])
    return _OTHER_PRONOUN.search(text, 0, clause.start() if clause else len(text)) is None


_NO_SUBJECT = re.compile(
    r"(?:是(?!否)|则|即(?!使|便|可)|就这样|也(?!许|就是说)|又|还有|到目前为止|至此|正如|方法是|[一二三四]是"
    r"|的(?!确)"
    # a discourse marker tying it to the sentence before (``否则``, ``类似地``, ``相应地``, ``进而``,
    # ``具体来说``, ``现在，``): it goes on from a case or a step the card does not show
    r"|否则|类似地|同样地|同理|相应地|进而|反之|换言之|具体地|具体来说|具体而言|现在[，,]|现在(?:假设|考虑)"
    r"|(?:同样|类似)的(?:道理|原因)?[，,]"
    # a postposition or place word and a comma: the rest of a sentence a formula broke
    # (``$$…$$`` / ``时，x 和 y 也分别是…``, ``下方，x 轴上方…``)
    r"|(?:时|之时|下方|上方|左侧|右侧|之后|之前|以后|以前|之间|中)[，,])"
)
"""A Chinese sentence opening on its predicate (``是一个单向过程``, ``则称 a 为…``), on a marker
that carries on from the sentence before (``就这样，``, ``至此，``, ``否则，``, ``相应地，``, ``二是…``,
``也可以…``), or on ``的`` or a postposition and a comma: the rest of a sentence a display
formula broke (``$$…$$`` / ``的时间；但是…``, ``时，…``)."""
_GOES_ON_EN = re.compile(r"(?:where|whereas|which|and|or|but)\b")
"""An English sentence opening in lower case on a conjunction or a relative word: the rest of
one a display formula or a list broke (``where \\(x\\) is the query``)."""
_WALKTHROUGH = re.compile(
    r"(?:接下来|下面|现在|首先|然后|最后|这里|此处)[，,]?\s*(?:我们|让我们)|(?:我们|让我们)(?:先|再|将|来|会)"
    r"|(?:next|now|first|then|finally|here|below)[,]?\s+(?:we|let's|let us)\b|let's\b|let us\b"
    r"|\bin (?:this|the next|the following) (?:section|chapter)\b"
    r"|\b(?:this|the present|the current|the next|the following) (?:section|chapter) "
    r"(?:fills|shows|describes|introduces|presents|covers|explains|discusses)\b"
    r"|\bwe (?:will|can|could|would|need|must|should|have to|define|use|instantiate|call|get|"
    r"obtain|see|saw|consider|start|begin|implement|load|train|set|initiali[sz]e|run|write)\b",
    re.IGNORECASE,
)
_DEMONSTRATIVE = re.compile(
    r"^[^,;:，；：]{0,80}?(?:\b(?:this|these|those|such)\b(?!\s+(?:as|paper|work|study|article|"
    r"post|blog|survey|thesis|note)\b)|与之|这一|此时|这时|那时|对此)"
    r"|^(?:为了|根据|对于|如果|若|因为|又因为|由于|即使|虽然|尽管|当|随着|除了)"
    r"[^，；：。]{0,30}，\s*(?:它|它们|这些|这个|该)",
    re.IGNORECASE,
)
"""A demonstrative in the opening clause (``To fix this problem``, ``与之相关的``), or a Chinese
pronoun opening the main clause after an adverbial one (``即使在…的情况下，它们…``): what it
points at is in another sentence."""
_ORDINAL = re.compile(
    r"^(?:the\s+)?(?:first|second|third|fourth|fifth|former|latter)(?:\s+one)?"
    r"(?:\s+(?:is|are|was|were|has|have|uses)\b|\s*[,;:](?![^,]{1,50},))"
    r"|^[^，,；;：:。]{0,12}?第\s*(?:[一二三四五六七八九十]+|\d+)\s*"
    r"(?:[，,、]|个|条|步|种|部分|阶段|点|项|层|代|篇)",
    re.IGNORECASE,
)
"""An ordinal in the opening clause (``The first is``, ``第二，``, ``第一个模型``, ``机器学习的第二个影响``):
it counts the items of a list the card does not show. Not an English ordinal that qualifies a
noun (``The first self-attention layer``), an apposition naming the item (``The first,
proportional prioritization,``) nor a kind (``第二类斯特林数``)."""
LABEL = re.compile(r"^(?:\*\*)?([^：:，,。；;\n]{1,12}?)(?:\*\*)?\s*[：:]\s*(?:\*\*)?(?=\S)")
"""A short label before a colon that opens a sentence (``解决方法：…``, ``方向一：…``)."""
_ASIDE_LABELS = frozenset(
    (
        *"未来工作 未来展望 未来方向 展望 关键词 关键字 参考 参考资料 参考文献 相关链接 链接 代码".split(),  # noqa: SIM905
        *("future work", "future directions", "outlook", "keywords", "key words", "references"),
        *("links", "code"),
    )
)
"""Labels of a note's asides: what is left to do, its keywords, where to read on."""


_PERSON = re.compile(r"[A-Z][a-z]+(?:[ -](?:[A-Z]\.|[A-Z][a-z]+))+")
"""A person's name as a paper lists it (``Marc G. Bellemare``, ``Shane Legg``)."""
_NAME_SEPARATOR = re.compile(r",\s*|\s+and\s+")


def _author_list(plain: str) -> bool:
    """Whether a sentence is a list of four or more people's names, nearly nothing else."""
    if plain.count(",") < 3:
        return False  # most sentences: no list at all (speed)
    parts = [p.strip(" .") for p in _NAME_SEPARATOR.split(plain) if p.strip(" .")]
    names = sum(bool(_PERSON.fullmatch(p)) for p in parts)
    return names >= 4 and names >= 0.8 * len(parts)


def _label_end(text: str) -> int:
    """Where a sentence's text goes on after a short label opening it (``Planar：设…``), or 0."""
    label = LABEL.match(text)
    return label.end() if label else 0


def _aside_label(plain: str) -> bool:
    """Whether a sentence opens on an aside's label (``未来工作：…``, ``Keywords: …``)."""
    label = LABEL.match(plain)
    return label is not None and label.group(1).strip().casefold() in _ASIDE_LABELS


# Searched in nearly every sentence: behind a lookahead of where a match may start (speed; the
# same matches).
_FIRST_PERSON, _READING, _CONTEXT_POINTER, _WALKTHROUGH, _YOU, _WE = map(
    quick, (_FIRST_PERSON, _READING, _CONTEXT_POINTER, _WALKTHROUGH, _YOU, _WE)
)
_SERIES_TITLE = quick(SERIES)
""":data:`~notecards.extract.lang.topic.SERIES`, searched in every sentence (speed: the same
matches)."""
_FOOTNOTE = re.compile(r"\[\^[^\]\n]{1,40}\]")
_LINK_ONLY = re.compile(r"^\s*(?:[-*+]\s*)?\[[^\]]+\]\([^)]*\)\s*$")


def _restates_title(c: Candidate, note: NoteView) -> bool:
    if _LINK_ONLY.match(c.text) or _SERIES_TITLE.search(c.plain):
        return True  # a link, or the title of a post of a series (a table of contents)
    words = c.words
    return bool(words) and len(words & note.title_words) >= 0.8 * len(words)


_UNFINISHED = re.compile(
    r"(?:可知|就有|就是|亦即|即|为|是|有|和|与|及|或|如下|可得|得到|计算为|记作|写作|[，,、])\s*[．。.]?\s*$"
    r"|\b(?:is|are|was|were|as|by|of|to|the|a|an|and|or|with|which|given by|to (?:show|see|verify))"
    r"\s*\.?\s*$"
)
"""A sentence that stops on a copula, a connective or a comma (``…的阶数可以计算为``, ``…就有``,
``… is given by``, ``it is easy to show``): what it says is in the formula or code that
follows, not on the card."""
_UNFINISHED_END = quick(_UNFINISHED).search
""":data:`_UNFINISHED`, searched in the end of every sentence (speed: the same matches)."""
_EXPLICIT = re.compile(r"\s:::?\s|\{\{c\d")
"""The explicit rule's card syntax: `` :: ``, `` ::: `` between a question and its answer, a cloze."""

VETOES: tuple[tuple[str, str, Veto], ...] = (
    (
        "explicit-syntax",
        "Written as a card already (`Q :: A`, `{{c1::…}}`): the explicit rule cards it.",
        # Every match holds "::" or "{{c": most sentences hold neither (speed).
        lambda c, n: ("::" in c.text or "{{c" in c.text) and bool(_EXPLICIT.search(c.text)),
    ),
    (
        "too-short",
        "Fewer than 20 characters (Han count two): a fragment, not a fact.",
        lambda c, n: c.size < 20,
    ),
    (
        "too-long",
        "Over 400 characters (Han count two): no single fact to hide.",
        lambda c, n: c.size > 400,
    ),
    (
        "question",
        "A question: it asks, it does not state.",
        lambda c, n: c.plain.rstrip().endswith(("?", "？")),
    ),
    (
        "lead-in",
        "Ends in a colon: it announces what follows.",
        lambda c, n: c.plain.rstrip().endswith((":", "：")),
    ),
    (
        "bold-heading",
        "One bold phrase and no sentence (`**6.2 Zero-Shot CLIP vs Few-Shot**`): a heading in all but name.",
        lambda c, n: bold_heading(c.text, c.tokens, c.cut.dictionary_tag),
    ),
    (
        "unfinished",
        "Stops on a copula, connective or comma (`…可以计算为`, `…就有`, `is given by`, `easy to show`): its end is a formula.",
        lambda c, n: bool(_UNFINISHED_END(c.plain[-24:])),  # its end only (speed)
    ),
    (
        "markup",
        "Holds cross-reference markup (`:numref:`, `:label:`) or a footnote marker (`[^1]`).",
        lambda c, n: bool(XREF.search(c.text) or _FOOTNOTE.search(c.text)),
    ),
    (
        "style-guide",
        "In a style or contribution guide (`贡献指南`, `CONTRIBUTING`): rules about the notes.",
        lambda c, n: n.section(c.heading_path)[0],
    ),
    (
        "author-list",
        "A list of people's names (`Volodymyr Mnih, Koray Kavukcuoglu, …`): metadata.",
        lambda c, n: _author_list(c.plain),
    ),
    (
        "aside-label",
        "A line labelled as an aside of the note (`未来工作：…`, `Keywords: …`): no fact of it.",
        lambda c, n: _aside_label(c.plain),
    ),
    (
        "setup",
        "Only sets up notation (`设 G 为…`, `记 x 的父节点为 fa(x)`, `Let x be …`) and states nothing that follows.",
        lambda c, n: sets_up_notation(c.text, c.tokens, c.lang, _label_end(c.text)),
    ),
    (
        "exercise",
        "Under an exercise, example, proof, code, reference or setup heading, or in a proof or worked problem: no fact.",
        lambda c, n: n.section(c.heading_path)[1] or c.block in n.proofs,
    ),
    (
        "introduction",
        "In the introduction of a note of sections (before its first `##`): it motivates, it does not teach.",
        lambda c, n: c.block < n.intro_blocks,
    ),
    (
        "link",
        "Mostly a URL.",
        lambda c, n: (
            ("//" in c.plain or "www." in c.plain) and display_size(_URL.sub("", c.plain)) < 20
        ),
    ),
    (
        "title",
        "Restates the note's title or a link's text, or names a post of a series (metadata).",
        lambda c, n: _restates_title(c, n),
    ),
    (
        "first-person",
        "The note-taker's own opinion or chatter (`I feel`, `我觉得`).",
        lambda c, n: bool(_FIRST_PERSON.search(c.plain)),
    ),
    (
        "figure-reference",
        "Reads a figure or the paper itself (`as can be seen from the diagram`, `如下图`, `文章中`).",
        lambda c, n: bool(_READING.search(c.plain)),
    ),
    (
        "context-pointer",
        "Points at text elsewhere (`前文`, `上式`, `本题`, `as above`, `One of them`).",
        lambda c, n: bool(_CONTEXT_POINTER.search(c.plain)),
    ),
    (
        "points-below",
        "Points at what follows it (`以下代码`, `实现如下．`, `… shown below.`) and no colon brings it in: code, a figure or a list.",
        lambda c, n: points_below(c.plain),
    ),
    (
        "instruction",
        "An instruction to the reader (`Click …`, `Run …`, `请…`, `点击…`): a step, not a fact.",
        lambda c, n: bool(_INSTRUCTION.match(c.opening)),
    ),
    (
        "walkthrough",
        "Narrates the text's own steps (`接下来我们定义`, `Next, we define`, `In this section`).",
        lambda c, n: bool(_WALKTHROUGH.search(c.opening)),
    ),
    (
        "reader-address",
        "Advises the reader or sets a task (`If you …`, `you might want to`, `您需要`).",
        lambda c, n: bool(_YOU.search(c.plain)),
    ),
    (
        "we-narration",
        "An English sentence whose subject is `we`: the text narrating its own steps.",
        lambda c, n: c.lang == "en" and bool(_WE.search(c.opening)),
    ),
    (
        "pronoun-clause",
        "An English pronoun opening its first clause or its adverbial (`They use`, `To use it,`).",
        lambda c, n: c.lang == "en" and _pronoun_clause(_said(c)) and not _authors_act(c, n),
    ),
    (
        "demonstrative",
        "A demonstrative in its opening clause (`this problem`, `这一`), or opening its main one (`即使…，它们`).",
        lambda c, n: bool(_DEMONSTRATIVE.search(c.opening)),
    ),
    (
        "ordinal-reference",
        "An ordinal in its opening clause (`The first is`, `第二，`, `第一个模型`): an item of a list it does not show.",
        lambda c, n: bool(_ORDINAL.search(c.opening)),
    ),
    (
        "no-subject",
        "Opens on its predicate or a marker of what came before (`是…`, `则称…`, `就这样，`, `至此，`, `否则，`, `类似地，`, `二是…`, `的…`, `where …`): its subject is in another sentence.",
        lambda c, n: bool(
            _NO_SUBJECT.match(c.plain.lstrip())
            or _NO_SUBJECT.match(c.opening)
            or _GOES_ON_EN.match(c.plain.lstrip())
        ),
    ),
    (
        "dangling",
        "Leans on text outside it: a pronoun or pointer (`this`, `该`, `式中`) in its first clause.",
        # The paper as subject is no dangling pointer when the card can say its name.
        # The authors acting in a paper note neither: the card says "The authors" under its name.
        lambda c, n: (
            not _authors_act(c, n) and points_outside(paper_named(_said(c), c.lang, n.topic), c.cut)
        ),
    ),
)
"""Named checks that rule a candidate out before scoring: (name, what it refuses, check),
cheapest first (the first that refuses names the veto)."""
