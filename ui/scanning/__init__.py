"""The scan dialog: scanning and importing pages into a dossier\x27s document items."""
