"""The web application: the ratings of a dataset, each LA's rating with its trace and profile, its letter,
and recording a professional judgement (signed in). It calls the engine; it never re-implements it.

Served by ``csrating web serve`` (waitress); users are added with ``csrating web adduser``. The look is
GOV.UK Frontend's (from the npm registry), without the GOV.UK crown or typeface, which belong to GOV.UK.
"""
