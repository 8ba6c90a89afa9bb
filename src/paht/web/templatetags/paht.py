from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """``{{ thumbs|get:report.pk }}``: a dict item by a variable key."""
    return (mapping or {}).get(key)
