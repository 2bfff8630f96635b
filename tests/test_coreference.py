"""One-sentence coreference (extract/lang/coreference.py): which opening ``It`` / ``They`` takes
the subject of the sentence before it, and how the card then reads."""

from __future__ import annotations

import pytest

from notecards.extract.lang.coreference import antecedent, paragraph_it, presents, resolved
from notecards.extract.lang.paper import authors_acting

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
    # after the paper presents its method, "It" is the method, named or in brackets
    (
        "This paper introduces ELMo (Embeddings from Language Models)",
        "It is trained as a language model.",
        "ELMo is trained as a language model.",
    ),
    (
        "This paper proposes a Densely Connected Convolutional Networks (DenseNet) which is new.",
        "It has significantly fewer parameters than ResNet.",
        "DenseNet has significantly fewer parameters than ResNet.",
    ),
    # a method with no name is no referent; "They" after it is not the method
    ("This paper proposes a new loss for detection.", "It converges faster.", ""),
    ("This paper introduces ELMo (Embeddings from Language Models)", "They use a biLSTM.", ""),
    # the empty "It" of "It can be seen that"
    ("GloVe is a model of word vectors.", "It can be seen that the ratio matters.", ""),
]


@pytest.mark.parametrize(("before", "sentence", "card"), CASES)
def test_an_opening_pronoun_takes_the_subject_before_it(
    before: str, sentence: str, card: str
) -> None:
    subject = antecedent(before, sentence)
    assert (resolved(sentence, subject) if subject else "") == card


def test_an_it_opening_a_paragraph_is_the_method_the_note_presents() -> None:
    assert presents("This paper introduces ELMo (Embeddings from Language Models)", "ELMo")
    assert not presents("This paper introduces ELMo (Embeddings from Language Models)", "BERT")
    assert not presents("ELMo is a model.", "ELMo")
    assert paragraph_it("It is trained as a language model.", "ELMo") == "ELMo"
    assert paragraph_it("It is worth noting that it is slow.", "ELMo") == ""
    assert paragraph_it("They use two layers.", "ELMo") == ""


@pytest.mark.parametrize(
    ("sentence", "they"),
    [
        ("They test their algorithm on 49 Atari 2600 games.", "They"),
        ("For *rank-based prioritization*, they cut the memory into segments.", "they"),
        ("Instead of applying the attention as normal, they use multi-head attention.", "they"),
        ("Instead of the sinusoidal embeddings they use relative embeddings.", "they"),
        # not the authors acting: a property, or no comma after the adverbial
        ("They are anisotropic, occupying a narrow cone.", None),
        ("By increasing the temperature they can make it harder.", None),
        # an adverbial that points back into the note: which issues?
        ("To get rid of the first two issues, they use experience replay.", None),
    ],
)
def test_they_is_the_authors_acting(sentence: str, they: str | None) -> None:
    span = authors_acting(sentence)
    assert (sentence[span[0] : span[1]] if span else None) == they
