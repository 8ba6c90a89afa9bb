import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paht.settings")
django_application = get_wsgi_application()

from granian.utils.proxies import wrap_wsgi_with_proxy_headers  # noqa: E402

from paht.core.wsgi_limits import BodyLimit  # noqa: E402  (needs settings loaded)
from paht.media.config import max_upload_bytes  # noqa: E402

# The largest request PAHT accepts is one video upload and its multipart envelope
# (the same limit as paht.asgi).
application = BodyLimit(django_application, max_upload_bytes() + 64 * 1024)
# Behind nginx, REMOTE_ADDR is the client's address taken from X-Forwarded-For, trusted
# only from FORWARDED_ALLOW_IPS (default: the loopback), as uvicorn does for paht.asgi.
application = wrap_wsgi_with_proxy_headers(
    application, os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
)
