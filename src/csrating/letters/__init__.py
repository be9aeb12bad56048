"""The rating letter: claims planned from the profile and the rating, each tied to its figures, rendered
through templates in the project's own words to Markdown, HTML, PDF and Word."""
