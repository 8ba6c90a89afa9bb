"""Small pieces several pages share."""

from django.conf import settings

from paht.geo.services import deployment_province


def map_context() -> dict:
    """Where a map opens (the province's centre) and which tiles it draws."""
    province = deployment_province()
    return {
        "lat": province.lat,
        "lng": province.lng,
        "tiles": settings.PAHT_MAP_TILE_URL,
        "attribution": settings.PAHT_MAP_ATTRIBUTION,
    }
