"""One-sentence coreference (extract/lang/coreference.py): which opening ``It`` / ``They`` takes
the subject of the sentence before it, and how the card then reads."""

from __future__ import annotations

import pytest

from notecards.extract.lang.coreference import antecedent, resolved

CASES = [
    # (sentence before, sentence, what the card says, or "" when the pronoun is left alone)
    (
        "Regularization is a common method for dealing with overfitting.",
        "It adds a penalty term to the loss function.",
        "Regularization adds a penalty term to the loss function.",
    ),
    (
        "Contextualized representations are not isotropic.",
        "They are anisotropic, occupying a narrow cone in vector space.",
        "Contextualized representations are anisotropic, occupying a narrow cone in vector space.",
    ),
    (
        "A derivative can be interpreted as the rate of change.",
        "It is also the slope of the tangent line.",
        "The derivative is also the slope of the tangent line.",
    ),
    (
        "The word2vec tool was proposed to address the above issue.",
        "It maps each word to a fixed-length vector.",
        "The word2vec tool maps each word to a fixed-length vector.",
    ),
    # an empty "It": no referent
    (
        "A typical mistake is as follows: computing the loss.",
        "It is much better to log on the GPU.",
        "",
    ),
    (
        "Parameters of the RNN include the weights.",
        "It is worth mentioning that RNNs share them.",
        "",
    ),
    # the subject is no term: an adverb in it, a determiner that points elsewhere
    ("The phone quickly displayed the transcription.", "It also recognized the request.", ""),
    ("This shows that the model learns.", "It is trained as a language model.", ""),
    # number disagrees: "It" after a plural subject, "They" after a singular one
    ("Regularization methods are common.", "It adds a penalty term.", ""),
    ("The encoder is a stack of layers.", "They share no weights.", ""),
    # no pronoun at all
    ("Regularization is common.", "Weight decay adds a penalty term.", ""),
]


@pytest.mark.parametrize(("before", "sentence", "card"), CASES)
def test_an_opening_pronoun_takes_the_subject_before_it(
    before: str, sentence: str, card: str
) -> None:
    subject = antecedent(before, sentence)
    assert (resolved(sentence, subject) if subject else "") == card
