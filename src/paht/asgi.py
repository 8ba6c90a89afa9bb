import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paht.settings")
django_application = get_asgi_application()

from paht.core.asgi_limits import BodyLimit  # noqa: E402  (needs settings loaded)
from paht.media.config import max_upload_bytes  # noqa: E402

# The largest request PAHT accepts is one video upload and its multipart envelope.
application = BodyLimit(django_application, max_upload_bytes() + 64 * 1024)
