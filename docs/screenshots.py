"""Screenshots of the web page, desktop and phone, light and dark, for the docs.

    .venv/bin/python docs/screenshots.py [--data ../shared/data] [--out docs/screenshots]

Serves the seeds and two Timeline17 collections (H1N1, BBC and Guardian) with the real server
and drives Debian's chromium (`apt-get install chromium`) through Playwright. Nothing
leaves the machine: the page makes no external request.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import dateline
from dateline.web import create_app
from dateline.web_pages import RunningServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip

# (file name, path and query, viewport width, height, colour scheme)
SHOTS = [
    ("desktop.png", "/?q=vaccine", 1280, 1100, "light"),
    ("desktop-dark.png", "/?q=vaccine", 1280, 1100, "dark"),
    ("phone.png", "/?q=vaccine", 390, 1500, "light"),
    ("phone-dark.png", "/?q=vaccine", 390, 1500, "dark"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parent
    parser.add_argument("--data", type=Path, default=here.parent.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=here / "screenshots")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    paths = [
        args.data / "seeds",
        args.data / "t17" / "H1N1_bbc",
        args.data / "t17" / "H1N1_guardian",
    ]
    source = dateline.open(paths)
    source.load()
    app = create_app(source)
    args.out.mkdir(parents=True, exist_ok=True)
    with RunningServer(app) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, path, width, height, scheme in SHOTS:
            context = browser.new_context(
                viewport={"width": width, "height": height}, color_scheme=scheme
            )
            page = context.new_page()
            page.goto(server.url + path)
            page.screenshot(path=str(args.out / name))
            if name.startswith(("desktop.png", "phone.png")):
                # The article a quoted sentence opens, with that sentence highlighted.
                # One deep in its article, to show it scrolled into view.
                hrefs = page.locator(".quote a").evaluate_all("els => els.map(e => e.href)")
                deep = [h for h in hrefs if int(h.rsplit("#s-", 1)[1]) >= 6]
                page.goto(deep[0] if deep else hrefs[0])
                page.wait_for_load_state()
                page.screenshot(path=str(args.out / name.replace(".png", "-article.png")))
            context.close()
            print(f"wrote {args.out / name}")
        browser.close()


if __name__ == "__main__":
    main()
