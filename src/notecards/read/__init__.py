"""The read stage: find the notes in a folder and decode each one (saved web pages included)."""
