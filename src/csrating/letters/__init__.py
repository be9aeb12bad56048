"""The rating letter: claims planned from the profile and the rating, each tied to its figures, rendered
through templates in the project's own words to Markdown, HTML, PDF and Word. Its wording rules are rules
of kind ``letter`` in the one registry (csrating.letters.rules; the APA letter's in
csrating.letters.rules.apa)."""

from csrating.rules import register_package

register_package("letter", "csrating.letters.rules")
register_package("letter", "csrating.letters.rules.apa")
