"""`export_site DIR`: the public site as static files, for a static host or a CDN.

Every page is fetched in process through the whole Django stack (middleware
included), as a request to `SITE_URL`'s own host and scheme, so each file is
byte for byte what the live site sends for that path. Pages are found from
the sitemap and by following every same-site link from them. Written:

    index.html, x/index.html ...   every public page (/x/ -> x/index.html)
    sitemap.xml, robots.txt        as served
    feed/index.html                the Atom feed (`_headers` gives its type)
    404.html                       the not-found page
    offline/index.html, sw.js      offline reading works on the mirror too
    search/index.html              a notice: search needs the live site
    static/...                     the stylesheet, icons and scripts
    _headers, _redirects           the live site's headers and old-slug
                                   redirects, in the format Netlify, Cloudflare
                                   Pages and others read; harmless elsewhere

The export is built beside DIR and swapped in whole, so a host never serves a
half-written mirror, and pages that are gone disappear from it.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.test import Client, RequestFactory, override_settings

from pathways.models import Redirect, url_for
from pathways.siteurl import site_parts

SPECIAL = {
    "/robots.txt": "robots.txt",
    "/sitemap.xml": "sitemap.xml",
    "/sw.js": "sw.js",
}
FEED = "/feed/"
NOT_FOUND = "/404.html"
NEVER = ("/admin/", "/static/", "/search/", "/healthz", "/favicon.ico", FEED)
HREF = re.compile(rb'href="(/[^"#?]*)"')
LOC = re.compile(r"<loc>([^<]+)</loc>")
# Headers a static host should send as the app does (the rest are per page).
SHARED_HEADERS = (
    "Content-Security-Policy",
    "Permissions-Policy",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
)


@dataclass
class Export:
    root: Path
    pages: list[str] = field(default_factory=list)
    files: int = 0
    skipped: list[str] = field(default_factory=list)  # linked, but not a 200 page


def file_for(path: str) -> str:
    """Where a path is written: '/x/' -> 'x/index.html'."""
    if path in SPECIAL:
        return SPECIAL[path]
    if path == NOT_FOUND:
        return "404.html"
    return path.lstrip("/") + "index.html"


def export_site(
    target: Path, site_url: str = "", progress: Callable[[str], None] | None = None
) -> Export:
    site_url = (site_url or settings.SITE_URL).rstrip("/")
    if not site_url.startswith(("https://", "http://")):
        raise ImproperlyConfigured(
            "export_site needs the public origin: set SITE_URL or pass --site-url "
            "(e.g. https://pathway.example.org)"
        )
    with override_settings(SITE_URL=site_url):
        scheme, host = site_parts()
        hostname = host.split(":")[0]
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, hostname]):
            target = target.resolve()
            target.parent.mkdir(parents=True, exist_ok=True)
            build = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
            try:
                export = write_all(build, Client(HTTP_HOST=host), scheme == "https", progress)
            except BaseException:
                shutil.rmtree(build, ignore_errors=True)
                raise
    build.chmod(0o755)
    swap_in(build, target)
    export.root = target
    return export


def swap_in(build: Path, target: Path) -> None:
    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    build.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def write_all(
    root: Path, client: Client, secure: bool, progress: Callable[[str], None] | None
) -> Export:
    export = Export(root=root)

    def fetch(path: str, status: int = 200) -> tuple[bytes, dict[str, str]]:
        response = client.get(path, secure=secure)
        if response.status_code != status:
            raise RuntimeError(f"{path} answered {response.status_code}, expected {status}")
        return response.content, dict(response.items())

    def write(path: str, body: bytes) -> None:
        out = root / file_for(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(body)
        export.files += 1

    sitemap, _ = fetch("/sitemap.xml")
    prefix = settings.SITE_URL
    queue = ["/"] + [
        loc[len(prefix) :] for loc in LOC.findall(sitemap.decode()) if loc.startswith(prefix)
    ]
    queue.append("/offline/")
    listed = set(queue)
    seen = set(queue)
    headers: dict[str, str] = {}
    while queue:
        path = queue.pop(0)
        if path not in listed and client.get(path, secure=secure).status_code != 200:
            export.skipped.append(path)  # a link to a missing page or an old slug
            continue
        body, headers = fetch(path)
        write(path, body)
        export.pages.append(path)
        if progress and len(export.pages) % 200 == 0:
            progress(f"{len(export.pages)} pages")
        for link in HREF.findall(body):
            found = link.decode()
            if found.endswith("/") and found not in seen and not found.startswith(NEVER):
                seen.add(found)
                queue.append(found)
    for path in (*SPECIAL, FEED):
        write(path, fetch(path)[0])
    write(NOT_FOUND, fetch(NOT_FOUND, status=404)[0])
    write("/search/", search_notice(secure))
    copy_static(root / settings.STATIC_URL.strip("/"))
    (root / "_headers").write_text(headers_file(headers), encoding="utf-8")
    (root / "_redirects").write_text(redirects_file(), encoding="utf-8")
    return export


def search_notice(secure: bool) -> bytes:
    """What the mirror's search box leads to: the help numbers and where to look."""
    host = site_parts()[1]
    request = RequestFactory().get("/search/", HTTP_HOST=host, secure=secure)
    html = render_to_string("mirror_search.html", request=request)
    return html.encode()


def copy_static(out: Path) -> None:
    """The collected files when there are any (hashed names), else the source files."""
    collected = Path(settings.STATIC_ROOT)
    if isinstance(staticfiles_storage, ManifestFilesMixin):
        if not (collected / "staticfiles.json").exists():
            raise ImproperlyConfigured("run collectstatic before export_site")
        shutil.copytree(collected / "pathways", out / "pathways", dirs_exist_ok=True)
        return
    for finder in finders.get_finders():
        for name, storage in finder.list([]):
            if name.startswith("pathways/"):
                target = out / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with storage.open(name) as source:
                    target.write_bytes(source.read())


def headers_file(page_headers: dict[str, str]) -> str:
    shared = [f"  {name}: {page_headers[name]}" for name in SHARED_HEADERS if name in page_headers]
    lines = ["/*", *shared]
    lines += ["", "/", "  Cache-Control: no-cache", "/*/", "  Cache-Control: no-cache"]
    lines += ["", "/feed/", "  Content-Type: application/atom+xml; charset=utf-8"]
    lines += ["", "/sw.js", "  Cache-Control: no-cache", "  Service-Worker-Allowed: /"]
    return "\n".join(lines) + "\n"


def redirects_file() -> str:
    lines = [
        f"{url_for(r.kind, r.old_slug)} {url_for(r.kind, r.new_slug)} 301"
        for r in Redirect.objects.order_by("kind", "old_slug")
    ]
    return "\n".join(lines) + ("\n" if lines else "")
