"""Sentences that say nothing specific: every content word is generic interview-speak ("I'm always looking to grow
and take on new challenges", "I want to be somewhere I can really make an impact")."""

from __future__ import annotations

import re

from interviewer.domain.text import STOPWORDS, stem, words

GENERIC_WORDS = frozenset(
    """
    # feelings and enthusiasm
    passionate passion passions excited exciting excitement enthusiastic enthusiasm eager thrilled love loved
    loving enjoy enjoyed enjoying happy proud grateful inspired inspiring motivated motivation fascinating curious
    curiosity fulfilling rewarding appreciate driven
    # career and growth
    grow growing grew growth learn learning learned learnt develop development improve improved improvement
    opportunity opportunities challenge challenges challenging journey career path goal goals aspirations
    ambitions ambitious potential future step steps level next forward progress evolve expand succeed success
    successful successfully achieve achieved achievement achievements accomplished thrive pursue explore
    contribute contributed contributing contributions impact impactful difference meaningful purpose mission value
    values valuable fit culture environment space industry field company organization role responsibility
    responsibilities professional professionally personal personally
    # skills and qualities
    skills skillset strength strengths weakness weaknesses expertise experience experienced knowledge background
    talent mindset attitude ability able hardworking dedicated committed proactive initiative ownership
    accountability adaptability flexible creative creativity innovative innovation empathy excellence details
    # vague verbs
    do did doing done make made making get got getting take took taking go going went come work worked working
    help helped helping support supported handle deal try tried trying focus focused ensure ensuring leverage
    leveraging utilize use used using bring brought deliver delivered provide give keep create created build built
    building solve solved solving tackle overcome navigate adapt empower enable foster streamline embrace execute
    start started continue become became change changed happen need needed want wanted hope think thought believe
    feel felt know knew understand understanding figure see look looking lead led leadership
    # vague nouns
    thing things stuff something anything everything nothing way ways aspect aspects area areas part parts side
    lot lots bit matter situation case point issue problem problems task project projects effort efforts process
    approach solution solutions idea strategy strategic result results outcome outcomes deliverables quality
    standards practices perspective insight lesson takeaway sense world job time times moment pressure
    # evaluation adjectives
    amazing great good better best awesome excellent fantastic incredible exceptional impressive strong solid
    important crucial critical essential key vital significant huge big major real true interesting positive
    effective efficient useful helpful nice cool fun unique complex difficult hard easy simple
    # intensifiers and hedges
    really very highly super quite pretty absolutely definitely certainly totally completely genuinely always
    never consistently generally usually often sometimes mostly especially particularly specifically essentially
    basically actually honestly just maybe perhaps probably hopefully ultimately finally overall also
    # filler and function-like
    well so like okay yeah right anyway somehow somewhere someone everyone guess mean say said kind sort
    # team and people in general
    team teammates colleague colleagues people person others group whole together collaborate collaborated
    collaboration collaborative communicate communication relationships trust
    # closed-class words the stopword list leaves out: reflexive pronouns, quantifiers, determiners
    myself yourself himself herself ourselves themselves many much several various different few every each another
    certain enough less least new
    """.split()
)
"""Words that carry no concrete content in an interview answer: career cliches, feelings, vague verbs and nouns,
evaluation adjectives, intensifiers and filler. Listed by a helper session that saw neither the grader nor any eval
set, told to leave out every word that is often the specific content of an ML interview answer (data, model,
metric, users, latency, deadline, stakeholders, ...)."""
_SYMBOLS = re.compile(r"[\d()\[\]{}=<>^*/+_%$@#]")
_GENERIC_STEMS = frozenset(stem(word) for word in GENERIC_WORDS)


def says_nothing_specific(text: str) -> bool:
    """Whether a sentence has no number, code or formula and no content word outside GENERIC_WORDS: it names no
    method, tool, metric, domain or concrete act, so it cannot show that a key point was made, however close its
    embedding comes."""
    if _SYMBOLS.search(text):
        return False  # a number, code or a formula ("O(n) time", "level = []") is specific
    content = [word for word in words(text) if word not in STOPWORDS and len(word) > 1]
    return all(word in GENERIC_WORDS or stem(word) in _GENERIC_STEMS for word in content)
