from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def console_roles(context) -> set[str]:
    """The roles of the signed-in user, for the navigation (one query per page)."""
    request = context.get("request")
    actor = getattr(request, "actor", None)
    if actor is None:
        return set()
    return {r for r, _unit in actor.memberships}


@register.filter
def has(roles, role: str) -> bool:
    return role in roles
