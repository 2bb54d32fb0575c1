"""The Textual app: it presents and forwards keys; the domain core does the work."""
