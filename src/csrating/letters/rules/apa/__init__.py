"""The APA letter's wording rules (APA-CLAIM-*, kind ``letter``), one per module: each reads the
assessment through an :class:`csrating.apa.letter.ApaContext` and returns its claims for one section (or
the closing); :func:`csrating.apa.letter.plan_apa_letter` composes them."""
