"""trainer: a terminal spaced-repetition revision trainer for anatomy MCQs.

Importing the package does no work: no engine, no directories, no Textual.
"""

__version__ = "0.1.0"
