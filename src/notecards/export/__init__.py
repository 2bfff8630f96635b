"""The export stage: planning, card identity, the Anki note types, media, the package writer, sync."""
