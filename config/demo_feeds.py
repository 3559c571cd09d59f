"""The distributors of the demo with their nightly feeds: the research fixtures, imported at
seeding and also placed on the sandbox's FTP box, where "Fetch and import now" finds them.

Products that several distributors carry (an oil filter, a spark plug, brake pads) become our
SKUs by MPN, so the demo shows drop-shipping and the distributors to swap between.
"""

from pathlib import Path

from django.conf import settings

import sandbox
from distributors.models import (
    Distributor,
    DistributorKind,
    Feed,
    FeedLayout,
    SkuMapping,
    Warehouse,
)
from distributors.services.feeds import feed_import
from sandbox.distributors.catalog import (
    BASE_PATHS,
    CREDENTIALS,
    PORTAL_CREDENTIALS,
    PU_PORTAL_BASE_PATH,
)
from sandbox.dropbox import FTP_FOLDERS, folders_create
from skurules.models import AutoConfirmRule, Sku

FEEDS = Path(sandbox.__file__).parent / "fixtures" / "distributors"
FEED_FOLDER = "feeds"
K = DistributorKind
DISTRIBUTORS = [
    # kind, code, name, layout, file, warehouse lead times (days)
    (K.WPS, "wps", "Western Power Sports", FeedLayout.WPS, "wps_items_inventory_synthetic.csv",
     {"CA": 3, "GA": 2, "ID": 2, "IN": 1, "PA": 2, "PA2": 1, "TX": 2}),
    (K.PARTS_UNLIMITED, "pu", "Parts Unlimited", FeedLayout.PARTS_UNLIMITED,
     "pu_pricefile_synthetic.csv", {"WI": 1, "NY": 1, "TX": 2, "NV": 3, "NC": 2}),
    (K.AUTOMATIC, "automatic", "Automatic Distributors", FeedLayout.AUTOMATIC,
     "autodist_price_inventory_synthetic.csv", {"1": 1, "2": 2, "3": 3}),
]
POWERSPORTS = [("HF-HF204", "HF204", "Hiflofiltro oil filter HF204"),
               ("NGK-CR9E", "CR9E", "NGK spark plug CR9E"),
               ("EBC-FA196HH", "FA196HH", "EBC sintered brake pads FA196HH")]


def demo_powersports_skus_create() -> None:
    for code, mpn, title in POWERSPORTS:
        sku, _ = Sku.objects.get_or_create(sku=code, defaults={
            "manufacturer_part_number": mpn, "title": title, "on_hand": 0})
        AutoConfirmRule.objects.get_or_create(sku=sku, defaults={"enabled": False})


def demo_mapping_create() -> None:
    """A part whose MPN differs from ours ("YTX14-BS-X" against "YTX14-BS"): staff map it."""
    battery, _ = Sku.objects.get_or_create(sku="BAT-YTX14BS", defaults={
        "manufacturer_part_number": "YTX14-BS", "title": "Yuasa AGM battery YTX14-BS"})
    SkuMapping.objects.get_or_create(distributor=Distributor.objects.get(code="pu"),
                                     part_number="21130999", defaults={"sku": battery})


def demo_distributor_create(kind: str, code: str, name: str, **values) -> Distributor:
    """A distributor whose API is the sandbox's simulator of it, its prerequisites met; Parts
    Unlimited's dealer portal too, so that its feed can be switched to the file API."""
    sandbox_url = f"http://127.0.0.1:{settings.SANDBOX_PORT}"
    if kind == K.PARTS_UNLIMITED:
        values = {"portal_base_url": f"{sandbox_url}/{PU_PORTAL_BASE_PATH}",
                  **PORTAL_CREDENTIALS, **values}
    distributor, _ = Distributor.objects.get_or_create(code=code, defaults={
        "name": name, "kind": kind, "api_base_url": f"{sandbox_url}/{BASE_PATHS[kind]}",
        "tax_id": "12-3456789", "card_on_file": True, **CREDENTIALS[kind], **values})
    return distributor


def _feed_create(kind, code, name, layout, file_name, lead_times) -> Feed:
    distributor = demo_distributor_create(kind, code, name)
    for warehouse, days in lead_times.items():
        Warehouse.objects.get_or_create(distributor=distributor, code=warehouse, defaults={
            "name": f"{name} {warehouse}", "lead_time_days": days, "stock_buffer": 1})
    feed, _ = Feed.objects.get_or_create(distributor=distributor, name="nightly", defaults={
        "layout": layout, "ftp_host": "127.0.0.1", "ftp_port": settings.SANDBOX_FTP_PORT,
        "ftp_use_tls": False, "ftp_username": settings.SANDBOX_DROPBOX_USER,
        "ftp_password": settings.SANDBOX_DROPBOX_PASSWORD, "ftp_folder": FEED_FOLDER,
        "ftp_file_name": file_name})
    return feed


def demo_feeds_create() -> None:
    demo_powersports_skus_create()
    box = Path(settings.SANDBOX_DROPBOX_ROOT) / "ftp"
    folders_create(box, (*FTP_FOLDERS, FEED_FOLDER))
    feeds = [_feed_create(*row) for row in DISTRIBUTORS]
    demo_mapping_create()
    for feed, row in zip(feeds, DISTRIBUTORS, strict=True):
        path = FEEDS / row[4]
        (box / FEED_FOLDER / path.name).write_bytes(path.read_bytes())
        if not feed.runs.exists():
            feed_import(feed=feed, path=path)
