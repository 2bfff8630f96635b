"""The clean stage: page furniture and its vocabulary, boilerplate, text repair."""
