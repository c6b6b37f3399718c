"""Review: what tallywatch captured, from the terminal and a local web page.

queries/articles read the database, export writes CSV or JSON Lines, curation records a
reviewer's confirm/reject, app serves the pages (security.py guards them).
"""
