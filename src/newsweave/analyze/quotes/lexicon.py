"""The words of attribution: speech verbs, name and mention patterns, titles, and how a name splits
into the person and the role before it."""

from __future__ import annotations

import re

_SAY = (
    r"(?:said|says|say|told|tells|added|adds|asked|asks|stated|states|wrote|writes|tweeted|tweets|posted"
    r"|explained|explains|noted|notes|argued|argues|insisted|insists|warned|warns|declared|declares|continued"
    r"|recalled|recalls|claimed|claims|stressed|stresses|replied|replies|announced|announces|acknowledged"
    r"|admitted|admits|remarked|observed|complained|urged|urges|agreed|agrees|responded|responds|added|cautioned"
    r"|conceded|concedes|emphasized|emphasised|reiterated|predicted|predicts|testified|shouted|yelled|quipped"
    r"|joked|mused|reads|read|concluded|concludes|pointed\s+out|points\s+out|point\s+out|went\s+on|countered|counters|accused"
    r"|marveled|marvelled|exclaimed|wondered|whispered|recounted|boasted|lamented|cried|sighed|expressed|described"
    r"|scoffed|demurred|retorted|snapped|assured|shot\s+back|chimed\s+in|pleaded|vowed|promised|contended|asserted|alleged"
    r"|opined|bragged|griped|grumbled|proclaimed|thundered|fumed|continues|puts\s+it|summed\s+up"
    r"|was\s+quoted(?:\s+by\s+[^,.\"“”]{1,60}?)?\s+as\s+saying|according\s+to|put\s+it|(?:had|has|have)\s+(?:said|written|told))"
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
# A capitalised word; a stop only after a short one ("Mr.", "Jr.", "F."), so names never run
# across a sentence end ("Resources. Socialist").
_CAP_WORD = r"(?:(?:[A-Z]\.){2,}(?!\S)|[A-Z][a-z]{0,2}\.|[A-Z][\w’'-]*(?<![’']s)\b)"
_NAME_WORD = rf"(?:{_CAP_WORD}|(?:de|da|del|van|von|bin|al|el|la|le)\b)"
_NAME = rf"(?:{_CAP_WORD}(?:\s+{_NAME_WORD}){{0,5}})"
_ROLE_NP = r"(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat)\s+(?:[\w'’-]+\s+){0,4}?[a-z][\w'’-]*"
_MENTION = rf"(?:{_NAME}|{_ROLE_NP}|[Hh]e|[Ss]he|[Tt]hey|[Ii]t|[Ww]e|I)"


def _name_and_role(mention: str) -> tuple[str, str | None]:
    """Split 'Foreign Ministry spokesman Bahram Qassemi' into the name and the role before it."""
    if " of " in mention:  # "David Wasserman of the Cook Political Report"
        name, _, org = mention.partition(" of ")
        if name[:1].isupper() and len(name.split()) >= 2 and name.split()[-1].rstrip(".") not in _TITLES:
            return _name_and_role(name.strip())[0], org.strip()
        # "Court of Queen's Bench Justice Kristine Eidsvik": the name is at the end.
        mention = mention.rpartition(" of ")[2]
    words = mention.split()
    # The name is the trailing run of capitalised words; lowercase words before it belong to the role.
    i = len(words)
    while i > 0 and (words[i - 1][:1].isupper() or words[i - 1] in ("de", "da", "van", "von", "bin", "al")):
        if i < len(words) and re.search(r"['’]s$", words[i - 1]):
            break  # "the Zionist Union Party’s Nachman Shai": the possessive belongs to the role
        i -= 1
    # Titles glued to the name go to the role: "Fire Chief Tomas Lindqvist", "Gov. Chris Christie".
    for j in range(len(words) - 2, i - 1, -1):
        if words[j].rstrip(".") in _TITLES:
            i = j + 1
            break
    if i == 0:
        return mention, None
    return " ".join(words[i:]), " ".join(words[:i])


# Titles written before a name; they belong to the speaker's role, not the name.
_TITLES = frozenset(
    """Mayor Chief Minister Secretary President Vice Gov Governor Sen Senator Rep Representative Dr Mr Mrs Ms
    Det Detective Sgt Sergeant Lt Lieutenant Capt Captain Gen General Col Colonel Adm Admiral Prof Professor
    Rev Judge Justice Commissioner Officer Spokesman Spokeswoman Spokesperson Director Chairman Chairwoman
    Ambassador Prime Premier King Queen Prince Princess Pope Sheriff Attorney Councilman Councilwoman Councillor
    Councilor Alderman Assemblyman Assemblywoman Congressman Congresswoman
    Superintendent Inspector Constable Chancellor Speaker Leader Coach Sir Dame Chair Chairman Democrat
    Republican Democratic GOP Independent Reporter Correspondent Anchor Host Editor Analyst Creator Founder
    Resident Voter Veteran Prosecutor Lawyer Defence Defense Crown Counsel Deputy Assistant Agent Trooper
    Marshal Rabbi Pastor Bishop Archbishop Cardinal Imam Sheikh Father Brother Sister Nurse Economist
    Scientist Researcher Lecturer Author Writer Spokesman Manager Coordinator Advocate Activist
    Secretary-General Attorney-General Director-General""".split()
)

_DATE_WORDS = frozenset(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Today Yesterday Tomorrow""".split()
)


def _is_date_word(name: str) -> bool:
    return any(w.strip(".,") in _DATE_WORDS for w in name.split())


# Capitalised words that start a sentence or a place/organisation name, not a person's name.
_NOT_FIRST_NAME = frozenset(
    """In On At The But And When If After Before As For From With Without Since During While Under Over
    Although Though Yet So Or Nor Last This That These Those Then Now Later Earlier Still Also Meanwhile
    However Many Some Most Other Such Mr Mrs Ms Dr January February March April May June July August
    September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    North South East West New Northern Southern Eastern Western Central Said Says Asked Maybe Perhaps
    Enlarge View Watch Read Follow Share Click Related More Photo Photos Image Images Video Advertisement
    Once Because Unless Until Whether Even Only Just Like Despite Unlike Both Neither Either Every Each""".split()
)
# Words that do not occur in a person's name (captions, organisations, documents, fields).
_NOT_NAME_WORDS = frozenset(
    """The Of Advertisement Picture Pictures Photo Photos Image Images Caption Getty Video Videos Enlarge View
    Screenshot Credit Copyright Statute Act Law Bill Treaty Convention Engineering Science Sciences Studies
    Research Program Programme Project Report Review Fund Trust Bank Group Office Commission Authority Board
    Campaign Movement Alliance Forum Summit Conference Festival Award Awards Prize Olympics Cup League Club
    Team Records Media Online Daily Weekly Radio Television Channel Twitter Facebook Instagram YouTube
    Says Said Say Tells Told He She It They We You I Is Are Was Were Will Would Can To For And In On At With
    By From New""".split()
)
_CONTRACTION = re.compile(r"['’](?:ll|ve|re|d|m)$|n['’]t$", re.IGNORECASE)
_PLACE_WORDS = frozenset(
    """Beach County Street Avenue Road City Park River Lake Island Valley Mountain Hospital University College
    School Department Police Church Center Centre Station Airport Bridge Hall House Court Ministry Agency
    Service Council Committee Party Times Post News Journal Press Herald Tribune Magazine Network Group
    Company Corporation Inc Institute Foundation Association Museum Stadium Square Harbour Harbor Bay
    Coast State States Kingdom Republic Union Nations""".split()
)
_ROMAN = frozenset({"II", "III", "IV", "Jr", "Jr.", "Sr", "Sr."})
_PERSON_NAME = re.compile(rf"\b[A-Z][a-z][\w'’-]*(?<![’']s)\b(?:\s+{_NAME_WORD})+")


def _person_names(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, name)`` of likely person names (two or more capitalised words) in ``text``."""
    out = []
    for m in _PERSON_NAME.finditer(text):
        words = m.group().rstrip(".").split()
        while words and words[0].rstrip(".") in _NOT_FIRST_NAME:
            words = words[1:]
        if len(words) < 2 or any(
            w.rstrip(".,") in _PLACE_WORDS or w in _NOT_NAME_WORDS or "-based" in w or _CONTRACTION.search(w) for w in words
        ):
            continue
        if any(len(w) > 2 and w.isupper() for w in words) or (words[-1].isupper() and words[-1] not in _ROMAN):
            continue  # "Hague-based ICC", "Greenpeace UK": organisations
        if words[-1].rstrip(".") in _TITLES:
            continue  # "Florida Republican": a name does not end with a title
        name, _ = _name_and_role(" ".join(words))
        if len(name.split()) >= 2:
            out.append((m.start(), m.end(), name))
    return out


def _canonical(name: str, known: list[str], counts: dict[str, int] | None = None, article: str | None = None) -> str:
    """The fullest name in ``known`` that ends with ``name``'s surname and contains its other words.

    When several people share the surname ("Donald Trump", "Melania Trump"), a bare
    surname goes to the one ``article`` names in full first, else to the one the cluster
    mentions most (``counts``).
    """
    words = name.replace("-", " ").split()
    if not words:
        return name
    surname = words[-1]
    candidates = []
    for k in known:
        k_words = k.replace("-", " ").split()  # "Jean Yves Le Drian" is "Jean-Yves Le Drian"
        if k_words[-1] == surname and all(w in k_words for w in words):
            candidates.append(k)
    if not candidates and len(words) == 1:
        # Family name first: "Ban" is "Ban Ki-moon", "Kim" is "Kim Jong-un".
        candidates = [k for k in known if len(k.split()) > 1 and k.split()[-2] == name and re.search(r"\w-[a-z]+$", k)]
    # Different first names ("Mike" and "Michael" are taken for one person: same first two letters).
    if counts and len(words) == 1 and len({c.replace("-", " ").split()[0][:2] for c in candidates}) > 1:
        named = sorted((article.find(c), c) for c in candidates if c in article) if article else []
        if named and (len(named) == 1 or named[1][0] - named[0][0] > 300):
            # The one the article names in full first (a namesake gets his full name every time);
            # when it introduces several together, the one the cluster mentions most.
            return named[0][1]
        return max(candidates, key=lambda k: (counts.get(k, 0), len(k.split()), -known.index(k)))
    return max(candidates, key=lambda k: (len(k.split()), "-" in k, -known.index(k)), default=name)
