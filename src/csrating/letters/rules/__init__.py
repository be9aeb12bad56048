"""The rating letter's wording rules (kind ``letter``), one per module: each decides whether the letter
makes one kind of claim and words it (see :mod:`csrating.letters.rule`)."""
