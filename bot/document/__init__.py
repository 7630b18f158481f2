"""The strategy document: the strategy model rendered as PDF (reportlab) and Word (python-docx).

`build` loads a team's model from the database; `pdf` and `docx` render it; `commands` is the
chat command that hands both files over.
"""
