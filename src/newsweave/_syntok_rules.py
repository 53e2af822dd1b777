"""syntok's decisions taken without running it: the plain reading of :mod:`newsweave.split`.

``newsweave.split`` cuts a paragraph at its certain sentence ends; in a piece that still
holds a possible end, ``_plain_spans`` reads the stops, bracketed asides and brackets
syntok never sees close as syntok 1.4 does (its tokenizer and the segmentation states
in ``syntok/_segmentation_states.py``), and says where syntok has to take over. Every
rule here is checked against syntok on real paragraphs and on word and character salad
(tests/test_split.py, ``benchmarks/split_agreement.py``).
"""

from __future__ import annotations

import re

from syntok._segmentation_states import State as _SyntokState

# Anything else that could end a sentence inside a piece: a terminal not followed
# by a lowercase letter or digit ("8.2" and "a.m" are not ends; "View.The" may
# be), nor by whitespace and a lowercase letter ("(AP) the", "Ky. on").
_MAYBE_END = re.compile(r"""[.!?…;)\]](?![a-z0-9])(?!["'”’)\]]*\s+[a-z])""")


# --- syntok's decision at a plain stop, without running syntok -------------------
#
# Most pieces that still hold a possible end hold it in a plain form: a word of
# ASCII letters, digits and inner dots ("u.s", "Mr", "14"), a stop, whitespace, and
# a word ("The", "Obama", "2,"). There syntok's choice (``_move_and_maybe_extract_terminal``
# in its segmentation states) depends only on the word before, the word after and
# whether the stop follows the sentence's first token, so it is taken here with the
# same rules; at anything else (quotes or dashes at a stop, non-ASCII words, brackets
# that are neither plain asides nor unclosed) syntok takes over (``_mixed_spans`` in
# newsweave.split).
_SYNTOK_STARTERS = _SyntokState.starters
_SYNTOK_ABBREVIATIONS = _SyntokState.abbreviations
_SYNTOK_MONTHS = _SyntokState.months
_SYNTOK_ROMAN = _SyntokState.roman_numerals
_SYNTOK_VOWELS = _SyntokState.vowels
# syntok's tokenizer cuts words at these (its ``_separation`` pattern, ASCII part);
# a lowercase-uppercase transition ("McDonald") is an empty cut.
_SEPARATION = re.compile(
    r"(?<=[a-z])[.!?]?(?=[A-Z])|'[A-Za-z]+|[()\[\]{}]|\.\.\.|(?<=[A-Za-z])[,;_-](?=[A-Za-z0-9])"
    r"|(?<=[A-Za-z0-9])[,;_-](?=[A-Za-z])"
)
_PLAIN_WORD = re.compile(r"[A-Za-z0-9]")
_NOT_SPACE = re.compile(r"\S+")
_BRACKETS = frozenset("()[]{}")


def _word_before(piece: str, at: int) -> str | None:
    """syntok's token right before the stop at ``at``, or None if it is not plain."""
    begin = at
    while begin and not piece[begin - 1].isspace():
        begin -= 1
    chunk = piece[begin:at]
    if not chunk or not chunk.isascii() or "'" in chunk or not chunk[-1].isalnum():
        return None
    first = _PLAIN_WORD.search(chunk)
    word = chunk[first.start() :] if first else ""
    cuts = [m.end() for m in _SEPARATION.finditer(word)]
    if cuts:
        word = word[cuts[-1] :]
    return word or None


def _word_after(piece: str, at: int) -> str | None:
    """syntok's token starting at ``at`` (a letter or digit), or None if it is not plain."""
    chunk = _NOT_SPACE.match(piece, at)
    text = chunk.group(0) if chunk else ""
    if not text or not text.isascii():
        return None
    end = len(text)
    while end and not text[end - 1].isalnum():
        end -= 1
    word = text[:end]
    cut = _SEPARATION.search(word)
    if cut and cut.group(0) == "'t" and word[cut.start() - 1] == "n":
        return None  # "don't": syntok makes "do" and "n't" of it
    return word[: cut.start()] if cut and cut.start() > 0 else word


_QUOTES = frozenset("\"'“‘”’")


def _quote_after(piece: str, at: int) -> str:
    """syntok's token at a quotation mark: the mark alone if a word follows it, else all the symbols."""
    end = at
    while end < len(piece) and not piece[end].isspace():
        end += 1
    chunk = piece[at:end]
    return chunk[0] if any(c.isalnum() for c in chunk) else chunk


def _syntok_splits(before: str, after: str, first: bool, second_stop: bool = False) -> bool:
    """Whether syntok ends a sentence at a stop between the plain words ``before`` and ``after``.

    The same tests in the same order as syntok 1.4's terminal state, for a stop
    followed by whitespace and a word (so no closing quote or bracket). ``second_stop``:
    the stop is an ellipsis and more dots ("...."): syntok then takes the first of those
    dots for the token after the terminal in its test of a dotted word before it.
    """
    single = len(before) == 1 or before in _SYNTOK_ROMAN
    if after[:1].islower():
        return False
    if not (first and single) and after in _SYNTOK_STARTERS:
        return True
    if before in _SYNTOK_ABBREVIATIONS:
        return False
    if before in ("no", "No", "NO") and after.isalnum() and any(c.isnumeric() for c in after):
        return False
    if after.isnumeric() and len(after) > 2:
        return False
    if before.isnumeric() and after in _SYNTOK_MONTHS:
        return False
    if before in _SYNTOK_MONTHS and after.isnumeric():
        return False
    if "." in before and after != "." and not second_stop:
        return False
    if (first or before.isupper()) and single:
        return False
    return not (len(before) == 1 and before.isalpha() and before not in _SYNTOK_VOWELS)


# A bracketed aside syntok skips whole when it follows a word inside a sentence: one
# pair, not nested, short enough (syntok skips under 70 characters, brackets included,
# and looks for the closing bracket within 50 tokens: at most 48 non-space characters
# inside, each token taking one at least; ``_asides`` checks that).
_ASIDE = re.compile(r"[(\[][^()\[\]{}]{0,66}[)\]]")
_ASIDE_INK = 48
_BRACKET_CHAR = re.compile(r"[()\[\]{}]")
# A word then a stop with nothing else: after it syntok still counts the sentence's
# first token as not yet passed (its FirstToken state).
# Further stops, and a comma or colon before a stop ("St.,." is "St", ".", ",", "."), keep
# it so: every token is followed by a terminal at which syntok did not end the sentence.
_STOPPED_WORD = re.compile(r"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*(?:[.!?;]|\.\.\.)(?:[,:]?(?:[.!?;]|\.\.\.))*")


def _keeps_first(region: str) -> bool:
    return all(_STOPPED_WORD.fullmatch(chunk) and not _CASE_CUT.search(chunk) for chunk in region.split())


_CASE_CUT = re.compile(r"[a-z][.!?]?[A-Z]")


def _asides(piece: str) -> tuple[list[tuple[int, int]], list[int], int]:
    """The bracketed asides of ``piece`` (spans) and its opening brackets that syntok never
    sees close, before its first bracket that is neither (or one of syntok's non-ASCII
    brackets), and the position of that bracket (``len(piece)`` when there is none).

    Brackets are syntok's when they are tokens of their own (``_own_token``: not "),", a
    run of symbols); an opening one closes at the closing one that pairs with it. The
    plain reading stops at the first other bracket; syntok's decisions before it do not
    look past it (an aside followed by a bracket is not one).
    """
    size = len(piece)
    # syntok's other brackets ("（") are not read here: the plain reading stops at the first.
    other_at = min((piece.find(c) for c in _OTHER_BRACKETS.intersection(piece)), default=size)
    if _BRACKETS.isdisjoint(piece):
        return [], [], other_at
    brackets = [m.start() for m in _BRACKET_CHAR.finditer(piece)]
    own = [i for i in brackets if _own_token(piece, i)]
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for i in own:
        if piece[i] in "([{":
            stack.append(i)
        elif stack:
            pairs[stack.pop()] = i
    # A non-ASCII bracket of syntok's could pair with one of these: no bracket is unclosed then.
    other = other_at < size
    found: list[tuple[int, int]] = []
    unclosed: list[int] = []
    own_set = set(own)
    at = 0
    for i in brackets:
        if i >= other_at:
            break
        if i < at or i not in own_set:
            continue  # inside an aside, or in a token of symbols ("),"): no bracket for syntok
        close = pairs.get(i)
        if close is None:
            if piece[i] in "([" and not other:
                unclosed.append(i)  # never closes: read as a token, a terminal for the decisions
                continue
            return found, unclosed, i
        m = _ASIDE.match(piece, i)
        # An aside is followed by a word or the end, not by another bracket, and each of
        # its brackets is a token of its own.
        if (
            m is None
            or close > other_at
            or m.end() != close + 1
            or piece[m.end() :].lstrip()[:1] in ("(", "[")
            or len(piece[i + 1 : close].replace(" ", "")) > _ASIDE_INK
        ):
            return found, unclosed, i
        found.append((i, close + 1))
        at = close + 1
    return found, unclosed, other_at


def _own_token(piece: str, at: int) -> bool:
    """Whether syntok's tokenizer makes the symbol at ``at`` a token of its own.

    It cuts symbols off a run of non-space characters that holds a letter or digit,
    but keeps a run of symbols alone as one token ("),").
    """
    begin, end = _run_around(piece, at)
    return end - begin == 1 or any(c.isalnum() for c in piece[begin:end])


def _run_around(piece: str, at: int) -> tuple[int, int]:
    """Where the run of non-space characters holding ``at`` begins and ends."""
    begin = at
    while begin and not piece[begin - 1].isspace():
        begin -= 1
    end = at + 1
    while end < len(piece) and not piece[end].isspace():
        end += 1
    return begin, end


# --- syntok's decisions at a plain aside ------------------------------------------
#
# An aside (``_ASIDE``, checked by ``_asides``) is plain here when its content is
# printable ASCII without a terminal: syntok then finds its closing bracket, sees no
# sentence inside it, and skips it whole (``_ASIDE``: within its 50-token look-ahead
# and its 70-character limit). Three of its decisions involve an aside:
# after a stop (the aside is the token after the terminal), right after a sentence's
# first token (the opening bracket counts as a terminal there), and at a sentence's
# start (the aside is a sentence of its own when it holds two tokens or more and what
# follows is not lowercase). tests/test_split.py checks them against syntok.
_DASHES = frozenset("-–—")
_CASE_TRANSITION = re.compile(r"[a-z][A-Z]")


def _plain_content(piece: str, open_at: int, close: int) -> str | None:
    content = piece[open_at + 1 : close - 1]
    if not content.isascii() or not content.isprintable() or not _SYNTOK_STOPS.isdisjoint(content):
        return None
    return content


def _aside_tokens(content: str) -> int | None:
    """How many tokens syntok makes of an aside's content (2 standing for two or more), or None."""
    chunks = content.split()
    if len(chunks) >= 2:
        return 2  # every chunk of non-space characters gives at least one token
    if chunks and not any(c.isalnum() for c in chunks[0]):
        return 1  # a run of symbols alone ("[ + ]")
    if not chunks or not chunks[0].isalnum():
        return None
    return min(2, 1 + len(_CASE_TRANSITION.findall(chunks[0])))


def _token_after_aside(piece: str, close: int) -> tuple[str, int] | None:
    """syntok's token after an aside ending at ``close`` ("" at the piece's end) and where it
    starts, when it is a plain word, a run of dashes or of quotation marks, a quotation mark
    before a word, or inner punctuation; else None."""
    at = close
    while at < len(piece) and piece[at] == " ":
        at += 1
    if at == len(piece):
        return "", at
    if at == close and close > 0:
        return None  # glued to the closing bracket
    char = piece[at]
    if char.isascii() and char.isalnum():
        word = _word_after(piece, at)
        return None if word is None else (word, at)
    end = at
    while end < len(piece) and not piece[end].isspace():
        end += 1
    chunk = piece[at:end]
    if _DASHES.issuperset(chunk) or _QUOTES.issuperset(chunk) or chunk in (",", ";", ":"):
        return chunk, at  # a run of symbols alone is one token
    if chunk[0] in _QUOTES and chunk[1].isascii() and chunk[1].isalnum():
        return chunk[0], at  # a quotation mark glued to a word: a token of its own
    return None


def _symbols_token(piece: str, at: int) -> str | None:
    """The run of non-space characters around ``at`` when it holds no letter or digit: one
    token for syntok ('".', "%.", "...", "."); else None."""
    begin, end = _run_around(piece, at)
    chunk = piece[begin:end]
    if "\u200b" in chunk or any(c.isalnum() for c in chunk):
        return None
    return chunk


def _word_follows(piece: str, at: int) -> bool:
    """Whether syntok's next token from ``at`` on (after spaces) is a plain word."""
    while at < len(piece) and piece[at] == " ":
        at += 1
    return at < len(piece) and piece[at].isascii() and piece[at].isalnum()


def _keeps_bracket(before: str) -> bool:
    """Whether syntok keeps the sentence going at an opening bracket after the plain word
    ``before`` (past the sentence's first token): the tests of its terminal state that come
    before the bracket's own; when they pass, a bracket that never closes ends the sentence."""
    single = len(before) == 1 or before in _SYNTOK_ROMAN
    return (
        before in _SYNTOK_ABBREVIATIONS
        or "." in before
        or (before.isupper() and single)
        or (len(before) == 1 and before.isalpha() and before not in _SYNTOK_VOWELS)
    )


def _stop_before_aside(piece: str, before: str, open_at: int, close: int) -> tuple[bool, int | None] | None:
    """syntok's decision at a stop after the plain word ``before``, past the sentence's first
    token, followed by whitespace and the aside ``piece[open_at:close]``.

    Returns None when the aside is not plain, else whether syntok ends the sentence at the
    stop and, if it does and the aside is a sentence of its own, where the next one starts.
    """
    content = _plain_content(piece, open_at, close)
    if content is None:
        return None
    inside = content.lstrip(" ")
    if not inside:
        return None
    if inside[0].isalnum():
        first_inside = _word_after(piece, open_at + 1 + len(content) - len(inside))
    else:
        first_inside = inside.split(" ", 1)[0]  # a run of symbols is one token, unless a word is glued to it
        if any(c.isalnum() for c in first_inside):
            return None
    following = _token_after_aside(piece, close)
    tokens = _aside_tokens(content)
    if first_inside is None or following is None or tokens is None:
        return None
    after, at = following
    # syntok 1.4's terminal state for the token after a terminal being an opening bracket.
    single = len(before) == 1 or before in _SYNTOK_ROMAN
    if before in _SYNTOK_ABBREVIATIONS or "." in before or (before.isupper() and single):
        return False, None
    if len(before) == 1 and before.isalpha() and before not in _SYNTOK_VOWELS:
        return False, None
    if after in (",", ";", ":"):
        return False, None
    if not first_inside.istitle() and after[:1].islower():
        return False, None
    # The next sentence opens with the aside: FirstToken skips it, and it is a sentence of
    # its own when it holds more than one token and what follows is not lowercase.
    return True, (at if tokens >= 2 and not after[:1].islower() else None)


def _opening_aside(piece: str, open_at: int, close: int) -> tuple[bool, int] | None:
    """syntok's reading of the aside ``piece[open_at:close]`` that opens a sentence (its
    FirstToken state, nothing read since the last end): whether the aside is a sentence of
    its own, and where the token after it starts (the next sentence's, or this one's first
    token). None when the aside or that token is not plain."""
    content = _plain_content(piece, open_at, close)
    tokens = None if content is None else _aside_tokens(content)
    following = _token_after_aside(piece, close)
    if tokens is None or following is None:
        return None
    return tokens >= 2 and not following[0][:1].islower(), following[1]


def _first_token_aside(piece: str, last: int, open_at: int, close: int) -> tuple[bool | None, int] | None:
    """syntok's decision at the aside ``piece[open_at:close]`` that follows the sentence's
    first token (a plain word between ``last`` and the aside): whether it ends the sentence
    after the aside, and where the token after the aside starts; None when not plain.

    Only "(" is a terminal for syntok's FirstToken state; after "[" it goes on to its
    InnerToken state and reads the aside token by token (a decision of None here).
    """
    chunk = piece[last:open_at]
    before = chunk.strip()
    if not before or not before.isascii() or not before.isalnum() or _CASE_TRANSITION.search(before):
        return None
    if chunk.split() != [before] or _plain_content(piece, open_at, close) is None:
        return None
    if piece[open_at] != "(":
        return None, close
    following = _token_after_aside(piece, close)
    if following is None or following[0] in (",", ";", ":"):
        return None
    after, at = following
    if not after:
        return False, at  # the piece ends after the aside: nothing to cut
    return _syntok_splits(before, after, True), at


def _plain_spans(piece: str, core: int) -> tuple[list[tuple[int, int]], int | None, int]:
    """The sentence spans syntok gives ``piece``, as far as every possible end is plain.

    Returns the spans of the sentences before the first stop that is not plain, where
    syntok has to take over (the start of that sentence), or None when it does not,
    and the position of that stop (or bracket): syntok starts afresh after each end
    it finds, so it gives the rest the same spans alone as within the piece.
    """
    # ``stuck``: where a bracket that is not in a plain aside stops the plain reading;
    # ``unclosed``: the opening brackets syntok never sees close.
    asides, unclosed, stuck = _asides(piece)
    cuts: list[int] = []
    trouble = len(piece)  # the first stop (or bracket) that is not plain; len(piece): none
    sentence_start = 0
    first = True  # no token but stops since the sentence began (syntok's FirstToken state)
    last = 0  # end of the previous stop considered
    events = sorted(
        [(m.start(), 1) for m in _MAYBE_END.finditer(piece, 0, core)]
        + [(a, 0) for a, _ in asides]
        + [(a, 2) for a in unclosed]
    )
    aside_end = dict(asides)
    skip_to = 0
    for at, kind in events:
        if at >= stuck:
            trouble = stuck
            break
        if at < skip_to:
            continue  # inside an aside syntok skips
        if kind == 0:
            if first:
                # syntok skips an aside only once a sentence is past its first token. It
                # meets the bracket in its FirstToken state when the sentence opens with it
                # or only stopped words came before (those cases go to syntok), and decides
                # there as at a stop right after the first token, every token before it
                # followed by a stop that did not end the sentence ("one. obama ( ap )").
                if not piece[sentence_start:at].strip():  # the aside opens the sentence
                    opening = _opening_aside(piece, at, aside_end[at])
                    if opening is None:
                        trouble = at
                        break
                    if opening[0]:
                        cuts.append(aside_end[at])
                        sentence_start = opening[1]
                    last = opening[1]  # the token after the aside is the sentence's first
                    skip_to = aside_end[at]
                    continue
                chunks = piece[last:at].split()
                if not chunks or _keeps_first(piece[last:at]):
                    trouble = at
                    break
                if _keeps_first(" ".join(chunks[:-1])):
                    decided = _first_token_aside(piece, piece.rindex(chunks[-1], last, at), at, aside_end[at])
                    if decided is None:
                        trouble = at
                        break
                    if decided[0] is None:  # read on as inner tokens, no terminal among them
                        first = False
                    elif decided[0]:
                        cuts.append(aside_end[at])
                        sentence_start = decided[1]
                    last = decided[1]  # still the FirstToken state: the next token is the first again
                    skip_to = aside_end[at]
                    continue
            first = False
            skip_to = aside_end[at]
            continue
        if kind == 2:
            # An opening bracket syntok never sees closing: a terminal for its decision (the
            # token after it is "(" and nothing follows the brackets), then read as a token.
            if not _word_follows(piece, at + 1):
                trouble = at
                break
            if first:
                if not piece[sentence_start:at].strip() or _keeps_first(piece[last:at]):
                    # FirstToken meets the bracket: it cannot skip it and takes it for the
                    # sentence's first token (a word follows: past the first token then).
                    first = False
                    last = at + 1
                    continue
                chunks = piece[last:at].split()
                if _keeps_first(" ".join(chunks[:-1])):
                    trouble = at  # right after the first token: syntok decides (not done here)
                    break
                first = False
            before = _word_before(piece, at - 1) if piece[at - 1 : at] == " " else None
            if before is None and piece[at - 2 : at] == ", " and piece[at - 3 : at - 2].isalnum() and piece[at - 3].isascii():
                before = ","  # "schultz, ( d-fla. ),": the comma is the token before the bracket
            if before is None:
                trouble = at
                break
            if not _keeps_bracket(before):
                cuts.append(at)
                sentence_start = at
            last = at + 1
            continue
        char = piece[at]
        if char in ")]" and not _own_token(piece, at):
            continue  # part of a token of symbols ("),"): not a bracket for syntok
        nxt = piece[at + 1 : at + 2]
        if char == "." and at > 0 and nxt.isalnum() and piece[at - 1].isalnum() and not piece[at - 1].islower():
            continue  # "U.S" or "3.5": inside a word, not a token of its own (" .It" and "—.It" are: syntok decides)
        if char == "." and nxt == "'" and piece[at - 1 : at].isalnum() and piece[at + 2 : at + 3].isalpha():
            continue  # "n.s.a.'s": syntok's word "n.s.a." then "'s", no terminal
        symbols = None if piece[at - 1 : at].isalnum() else _symbols_token(piece, at)
        if symbols is not None:
            if symbols not in _SYNTOK_TERMINALS:
                continue  # '". The' or "5 %. Then": the stop is in a token of symbols ('".'), no terminal
            trouble = at  # a terminal standing alone
            break
        stop = 1
        if piece.startswith("...", at):
            # An ellipsis after a word is one terminal token for syntok, and each further
            # dot one more ("...." is "..." and "."); it moves over all of them.
            while piece[at + stop : at + stop + 1] == ".":
                stop += 1
            stop = max(stop, 3)
            nxt = piece[at + stop : at + stop + 1]
            skip_to = at + stop
            if not piece[at + stop :].strip():
                break  # the piece's own final stop
        if char not in ".!?;" or nxt not in " ,:":
            trouble = at
            break
        before = _word_before(piece, at)
        if before is None and piece[at - 1 : at] == "," and piece[at - 2 : at - 1].isalnum() and piece[at - 2].isascii():
            before = ","  # "russia,... (": the comma is a token of its own, then the stops
        if before is None:
            trouble = at
            break
        if nxt != " ":
            # "u.k., where": syntok does not split before inner punctuation. ``last`` stays
            # before the word, so the next test of the first token sees "u.k.," whole.
            if first and not _keeps_first(piece[last : at - len(before)]):
                first = False
            continue
        after_at = at + stop
        while after_at < len(piece) and piece[after_at] == " ":
            after_at += 1
        if after_at >= len(piece):
            trouble = at
            break
        if piece[after_at] in _QUOTES:
            after = _quote_after(piece, after_at)
        elif piece[after_at].isalnum() and piece[after_at].isascii():
            after = _word_after(piece, after_at)
        elif after_at in unclosed:
            if first and not _keeps_first(piece[last : at - len(before)]):
                first = False
            if first or not _word_follows(piece, after_at + 1):
                trouble = at
                break
            if not _keeps_bracket(before):  # syntok ends the sentence before the bracket
                cuts.append(at + stop)
                sentence_start = after_at
            last = after_at + 1  # the bracket is read as a token (the first of the next sentence)
            skip_to = after_at + 1
            continue
        elif after_at in aside_end:
            if first and not _keeps_first(piece[last : at - len(before)]):
                first = False
            decided = None if first else _stop_before_aside(piece, before, after_at, aside_end[after_at])
            if decided is None:
                trouble = at
                break
            if decided[0]:
                cuts.append(at + stop)
                sentence_start = after_at
                first = True
                if decided[1] is not None:  # the aside is a sentence of its own
                    cuts.append(aside_end[after_at])
                    sentence_start = decided[1]
                last = aside_end[after_at] if decided[1] is None else decided[1]
                skip_to = aside_end[after_at]  # skipped whole (without a cut, syntok reads it: no terminal)
            else:
                last = at + stop
            continue
        else:
            trouble = at
            break
        if after is None:
            trouble = at
            break
        if first and not _keeps_first(piece[last : at - len(before)]):
            first = False
        if _syntok_splits(before, after, first, stop > 3):
            cuts.append(at + stop)
            sentence_start = after_at
            first = True
            last = after_at
        else:
            last = at + stop
    if trouble == len(piece) and stuck < len(piece):
        trouble = stuck
    rest = (cuts[-1] if cuts else 0) if trouble < len(piece) else None
    spans = []
    for a, b in zip([0, *cuts], [*cuts, len(piece) if rest is None else rest], strict=True):
        part = piece[a:b]
        stripped = part.strip()
        if stripped:
            lead = a + part.index(stripped[0])
            spans.append((lead, lead + len(stripped)))
    return spans, rest, trouble


# What syntok may end a sentence at or skip over: its terminals (and "…"), and brackets.
_SYNTOK_STOPS = frozenset(_SyntokState.terminals | _SyntokState.opening_brackets | _SyntokState.closing_brackets) | {"…"}
_SYNTOK_BRACKETS = _SyntokState.opening_brackets | _SyntokState.closing_brackets
_SYNTOK_TERMINALS = _SyntokState.terminals
_OTHER_BRACKETS = _SYNTOK_BRACKETS - frozenset("()[]{}")
