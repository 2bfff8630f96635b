"""Sentence ranking: every prose sentence of a note is a candidate, scored from named features,
chosen within its section's budget, and shaped into a cloze that hides its key term.

candidates (:mod:`.candidates`) → features (:mod:`.features`) → score (:mod:`.score`)
→ choose (:mod:`.select`) → key and cloze (:mod:`.keys`). Every candidate gets a
:class:`~notecards.model.Decision` saying what became of it and why.
"""
