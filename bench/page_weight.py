"""Bytes a phone downloads to open PAHT's pages, as a real browser counts them.

Run against a server started the way production runs it (``DEBUG=false`` after
``paht collectstatic``, so WhiteNoise serves compressed, cacheable static files):

    PAHT_DATA_DIR=/tmp/pw-bench DEBUG=false SECRET_KEY=x PAHT_HTTPS=false \\
        .venv/bin/paht serve --port 8200 &
    python bench/page_weight.py http://127.0.0.1:8200 /gui-phan-anh/ /cong-khai/ban-do/

Needs Playwright (``pip install playwright``) and Debian's Chromium. Map tiles come
from another server and are not counted (they depend on the tile server and the zoom).
Prints, per page, the bytes on the wire by resource type for a first visit (empty
cache) and a second visit (cache warm), as Chrome's network layer reports them.
"""

import argparse
import os
import sys
from collections import defaultdict

from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


TILE_HOSTS = ["tile.openstreetmap.org", "*.tile.openstreetmap.org"]


def measure(context, base: str, path: str) -> dict[str, int]:
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    # Blocked through the browser itself: Playwright's routing would switch the cache off.
    cdp.send("Network.setBlockedURLs", {"urls": [f"*://{host}/*" for host in TILE_HOSTS]})
    kinds: dict[str, str] = {}
    sizes: dict[str, int] = defaultdict(int)
    cdp.on("Network.responseReceived", lambda e: kinds.__setitem__(e["requestId"], e["type"]))
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(
            kinds.get(e["requestId"], "Other"),
            sizes[kinds.get(e["requestId"], "Other")] + int(e["encodedDataLength"]),
        ),
    )
    page.goto(base + path, wait_until="networkidle")
    page.close()
    return dict(sizes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="e.g. http://127.0.0.1:8200")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("PAHT_CHROMIUM", "/usr/bin/chromium"), args=ARGS
        )
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        )
        for path in args.paths:
            for visit in ("first visit", "second visit"):
                sizes = measure(context, args.base.rstrip("/"), path)
                total = sum(sizes.values())
                parts = ", ".join(f"{k} {v / 1024:.1f}" for k, v in sorted(sizes.items()))
                print(f"{path} ({visit}): {total / 1024:.1f} KiB  [{parts}]")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
