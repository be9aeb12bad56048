"""Template filters: codes as words ('in_line' -> 'in line', 'no_data' -> 'no data')."""

from django import template

register = template.Library()


@register.filter
def words(code: object) -> str:
    return str(code).replace("_", " ") if code is not None else ""
