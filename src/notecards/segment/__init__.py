"""The segment stage: sentences and words, the word lexicon, and the derived-table cache."""
