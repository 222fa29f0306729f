"""French words as the suggester compares them: split, common words left out, stemmed, accents folded.

« Les coopérations » and « coopérer » meet on one stem: the words are cut at
apostrophes and hyphens, lowered, the French Snowball stemmer
(``snowballstemmer``) takes their endings, and accents are folded last. The
editor's suggestions in the browser do the same, step by step
(``coopsite/shared/docs/assets/editor/stemmer.js``): a test holds the two
to the same stems.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# Words too common to say what a quote is about (articles, pronouns, auxiliaries, connectors).
STOPWORDS = frozenset("""
a à afin ai aie aient aies ait alors as au aucun aucune aujourd auprès aussi autre autres aux avaient avais
avait avant avec avez aviez avions avoir avons ayant c ça car ce ceci cela celle celles celui cependant
certain certaine certaines certains ces cet cette ceux chacun chacune chaque chez ci comme comment d dans de
depuis des deux devant donc dont du elle elles en encore entre es est et étaient étais était été être eu
eux fait faire fois font hors il ils j je jusqu l la là le les leur leurs lors lorsque lui m ma mais me
même mêmes mes moi moins mon n ne ni nos notre nous on ont or ou où par parce pas peu peut peuvent plus
plutôt pour pourquoi qu quand que quel quelle quelles quels qui quoi s sa sans se selon ses si sien soi
soit sommes son sont sous suis sur t ta te tes toi ton tous tout toute toutes très tu un une vers via vos
votre vous y avais avions ayez faut va vont sera seront serait bien ainsi aussi déjà toujours jamais
beaucoup également notamment vraiment souvent parfois assez trop tant peu être avoir cela celui chose choses
""".split())

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("french")


def fold(text: str) -> str:
    """Lowercase without accents: « Équipé » → « equipe » (œ and æ become oe and ae)."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The folded stem of one lowercase word."""
    return fold(_stemmer.stemWord(word))


@lru_cache(maxsize=65536)
def _meaning(word: str) -> str:
    """The folded stem of a word as written, or "" for a common word (cached: words repeat)."""
    lower = word.lower()
    if len(lower) < 2 or lower in STOPWORDS or fold(lower) in STOPWORDS:
        return ""
    return stem(lower)


def words(text: str) -> list[tuple[str, str]]:
    """(the word as written, its stem) for each meaningful word of ``text``, in order."""
    found = []
    for match in _WORD.finditer(unicodedata.normalize("NFC", text)):
        word = match.group(0)
        meaning = _meaning(word)
        if meaning:
            found.append((word, meaning))
    return found
