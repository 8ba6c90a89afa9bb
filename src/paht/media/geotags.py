"""Place strings found in video containers (ISO 6709), e.g. ``+09.1769+105.1524+003.5/``."""

import re

_ISO6709 = re.compile(r"^\s*([+-]\d{1,2}(?:\.\d+)?)([+-]\d{1,3}(?:\.\d+)?)")


def iso6709_point(text: str) -> tuple[float, float] | None:
    """(lat, lng) in decimal degrees, or ``None`` for anything else (DMS forms included)."""
    match = _ISO6709.match(str(text))
    if not match:
        return None
    lat, lng = float(match.group(1)), float(match.group(2))
    if not (-90 <= lat <= 90 and -180 <= lng <= 180) or (lat == 0 and lng == 0):
        return None
    return round(lat, 7), round(lng, 7)
