"""First-load weight of the photo pages on a phone: `python bench/page_weight.py` (README, "Performance").

Builds a throwaway SQLite database and media folder with real-size phone photos (4000 × 3000 JPEG, 2.5-3.5 MB
each: noisy, so that JPEG cannot shrink them), stored as the portal stores uploads (renditions included):
- the public showcase with 24 published winners, one photo each;
- an officer's draft nomination with 10 photos.
It runs the portal under gunicorn (DEBUG off, static files compressed by whitenoise) and opens each page once in
Debian's Chromium through Playwright at a 390 × 844 phone viewport with an empty cache, counting the bytes of
every response body the browser receives until the network is idle (HTML, CSS, JS and the images it fetches:
lazy images below the fold are not fetched). Each page must stay under --budget KB (default 600) at device
pixel ratio 3 (a current phone) and 1, at first load and after scrolling to the end of the page (every lazy
image fetched); the exit status says whether they did.
"""

import argparse
import io
import os
import random
import shutil
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import server_env, start_gunicorn  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "bench-password-123"
PHONE = {"width": 390, "height": 844}


def noisy_photos(count, seed=4):
    """`count` different 4000 × 3000 JPEGs of 2.5-3.5 MB: coloured shapes on a gradient, under grain (the noise
    is drawn once and shared: drawing it takes seconds per photo)."""
    from PIL import Image, ImageChops, ImageDraw

    rng = random.Random(seed)
    size = (4000, 3000)
    grain = [Image.effect_noise(size, 11) for _ in range(3)]
    gradient = Image.linear_gradient("L").resize(size)
    for _ in range(count):
        weights = [rng.uniform(0.4, 1) for _ in range(3)]
        picture = Image.merge("RGB", [gradient.point(lambda v, w=w: int(v * w)) for w in weights])
        draw = ImageDraw.Draw(picture)
        for _ in range(12):
            x, y, r = rng.randrange(size[0]), rng.randrange(size[1]), rng.randrange(150, 900)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
        layers = zip(picture.split(), grain, strict=True)
        channels = [ImageChops.add(channel, noise, 1, -128) for channel, noise in layers]
        buffer = io.BytesIO()
        Image.merge("RGB", channels).save(buffer, "JPEG", quality=85)
        yield buffer.getvalue()


def build(photo_count_showcase=24, photo_count_draft=10):
    """The database, in this process (DJANGO_SETTINGS_MODULE and the environment are set by main)."""
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.models import Regency, User
    from awards.models import Decision
    from awards.services import seed_default_levels
    from nominations.models import AwardRound, CommodityType, Nomination, NominationPhoto
    from nominations.services import store_renditions

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    officer = User.objects.create_user(
        "bench.officer", password=PASSWORD, role="officer", regency=Regency.objects.get(code="34.04")
    )
    admin = User.objects.create_user("bench.admin", password=PASSWORD, role="ministry_admin")
    now = timezone.now()
    commodity = CommodityType.objects.first()
    published = AwardRound.objects.create(
        name="Benchmark 2039",
        year=2039,
        status="closed",
        nomination_opens=now - timedelta(days=300),
        nomination_closes=now - timedelta(days=250),
        scoring_opens=now - timedelta(days=240),
        scoring_closes=now - timedelta(days=200),
        decision_date=(now - timedelta(days=150)).date(),
        results_published_at=now - timedelta(days=140),
    )
    published.commodity_types.set(CommodityType.objects.all())
    seed_default_levels(published)
    level = published.award_levels.order_by("rank").first()
    open_round = AwardRound.objects.create(
        name="Benchmark 2040",
        year=2040,
        status="nomination",
        nomination_opens=now - timedelta(days=1),
        nomination_closes=now + timedelta(days=9),
        scoring_opens=now + timedelta(days=10),
        scoring_closes=now + timedelta(days=20),
        decision_date=(now + timedelta(days=30)).date(),
    )
    open_round.commodity_types.set(CommodityType.objects.all())
    photos = noisy_photos(photo_count_showcase + photo_count_draft)
    sizes = []

    def add_photo(nomination, index):
        content = next(photos)
        sizes.append(len(content))
        upload = SimpleUploadedFile(f"IMG_{index:04}.jpg", content, content_type="image/jpeg")
        photo = NominationPhoto.objects.create(
            nomination=nomination, image=upload, original_name=upload.name, size=upload.size
        )
        store_renditions(photo)

    regencies = list(Regency.objects.order_by("code")[:photo_count_showcase])
    for index, regency in enumerate(regencies):
        winner = Nomination.objects.create(
            round=published,
            regency=regency,
            created_by=admin,
            status="submitted",
            business_name=f"IKM Juara {index + 1}",
            product_name=f"Produk unggulan {index + 1}",
            commodity=commodity,
        )
        Decision.objects.create(nomination=winner, level=level, decided_by=admin, reason="Benchmark")
        add_photo(winner, index)
    draft = Nomination.objects.create(
        round=open_round,
        regency=officer.regency,
        created_by=officer,
        business_name="IKM Sepuluh Foto",
        product_name="Anyaman",
        commodity=commodity,
    )
    for index in range(photo_count_draft):
        add_photo(draft, 100 + index)
    return draft.pk, sizes


def weigh(browser, base, path, scale, storage_state=None, scroll=False):
    """Bytes of the response bodies of one first load (empty cache), by kind; with `scroll`, also of the lazy
    images fetched while the visitor scrolls to the end of the page."""
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=scale, is_mobile=True, has_touch=True, storage_state=storage_state
    )
    page = context.new_page()
    received = []
    page.on("requestfinished", lambda request: received.append(request))
    response = page.goto(base + path, wait_until="networkidle")
    if response.url != base + path:
        raise RuntimeError(f"{path} went to {response.url}")
    if scroll:
        for _ in range(40):
            page.mouse.wheel(0, PHONE["height"])
            page.wait_for_timeout(100)
        page.wait_for_load_state("networkidle")
    totals, largest_image = {}, 0
    for request in received:
        size = request.sizes()["responseBodySize"]
        kind = request.resource_type
        kind = kind if kind in ("document", "image", "stylesheet", "script") else "other"
        totals[kind] = totals.get(kind, 0) + size
        if kind == "image":
            largest_image = max(largest_image, size)
    images = sum(1 for request in received if request.resource_type == "image")
    context.close()
    return totals, images, largest_image


def log_in(browser, base):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", "bench.officer")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("#main form button[type=submit]")
    state = context.storage_state()
    context.close()
    return state


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=int, default=600, help="KB allowed per page (default 600)")
    parser.add_argument("--port", type=int, default=8765)
    arguments = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ovop-page-weight-"))
    env = server_env(
        f"sqlite:///{work / 'db.sqlite3'}",
        MEDIA_ROOT=str(work / "media"),
        STATIC_ROOT=str(work / "static"),
        DJANGO_SETTINGS_MODULE="ovop_portal.settings",
    )
    os.environ.update(env)
    print("Making 34 photos of 4000 × 3000 and their renditions...", flush=True)
    draft_pk, sizes = build()
    print(f"Originals: {min(sizes) / 1e6:.1f}-{max(sizes) / 1e6:.1f} MB each, {sum(sizes) / 1e6:.1f} MB in all")
    server = start_gunicorn(env, arguments.port)
    base = f"http://127.0.0.1:{arguments.port}"
    from playwright.sync_api import sync_playwright

    within = True
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
            state = log_in(browser, base)
            pages = [
                ("public showcase, 24 winners", "/showcase/", None),
                ("nomination page, 10 photos", f"/nominations/{draft_pk}/", state),
            ]
            print(
                f"{'page':<30} {'load':<10} {'DPR':>3} {'total KB':>9} {'HTML':>6} {'CSS':>6} {'JS':>6} "
                f"{'images':>7} {'fetched':>7} {'largest':>7}"
            )
            for name, path, storage in pages:
                for scroll in (False, True):
                    for scale in (3, 1):
                        totals, count, largest = weigh(browser, base, path, scale, storage, scroll)
                        total = sum(totals.values())
                        within &= total <= arguments.budget * 1024
                        print(
                            f"{name:<30} {'scrolled' if scroll else 'first':<10} {scale:>3} {total / 1024:>9.0f} "
                            f"{totals.get('document', 0) / 1024:>6.0f} {totals.get('stylesheet', 0) / 1024:>6.0f} "
                            f"{totals.get('script', 0) / 1024:>6.0f} {totals.get('image', 0) / 1024:>7.0f} "
                            f"{count:>7} {largest / 1024:>7.0f}"
                        )
            browser.close()
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)
    print(f"Budget {arguments.budget} KB per page: {'kept' if within else 'EXCEEDED'}")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
