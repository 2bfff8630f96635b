"""English function words: the words a term, a key or a shared topic never rests on."""

from __future__ import annotations

STOP_EN = frozenset(
    """a an the and or but if then else of to in on at by for with from into onto over under as
    is are was were be been being am do does did done has have had having will would can could
    should may might must shall it its this that these those they them their there here which who
    whom whose what when where why how than so such not no nor also only just very more most
    much many some any each every all both few other another same own we our us you your i my me
    he she his her one two three first second new used use using uses via i.e e.g etc about
    between within without through during before after above below up down out off again further
    once while because since until although though whether however thus therefore hence like
    well even still yet per vs""".split()  # noqa: SIM905 - a word list reads best as prose
)
"""English function and filler words: never a term, never a cloze key."""
