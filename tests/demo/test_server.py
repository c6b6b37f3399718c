"""LoopbackSite: types, validators and 304s, gzip, the request log, editions, lifecycle."""

from __future__ import annotations

import email.utils
import gzip
import http.client
import random
import re
import socket
import threading
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import pytest

from tallywatch.demo import EDITIONS, SITE_ORIGIN, LoopbackSite
from tallywatch.demo.server import accepts_gzip, content_type_for

if TYPE_CHECKING:
    from conftest import Client

ARTICLE = "/world/2025/01/13/nis-300-north-korean-soldiers-killed-2700-wounded.html"
UPDATED = "/world/2025/04/29/north-korean-troops-russia-what-we-know.html"
NEW_IN_EDITION2 = "/world/2025/04/30/nis-600-north-korean-soldiers-killed.html"
PRIVATE = "/private/world/2025/04/29/draft-casualty-tracker.html"


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/", "text/html; charset=utf-8"),
        (ARTICLE, "text/html; charset=utf-8"),
        ("/feed.xml", "application/rss+xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/static/site.css", "text/css; charset=utf-8"),
        ("/static/site.js", "text/javascript; charset=utf-8"),
        ("/static/favicon.svg", "image/svg+xml; charset=utf-8"),
        ("/static/og-default.png", "image/png"),
    ],
)
def test_content_type_and_charset(client: Client, path: str, content_type: str) -> None:
    reply = client.request(path)
    assert reply.status == 200
    assert reply.headers["Content-Type"] == content_type
    assert int(reply.headers["Content-Length"]) == len(reply.body)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("page.HTML", "text/html; charset=utf-8"),
        ("data.json", "application/json; charset=utf-8"),
        ("atom.xml", "application/atom+xml; charset=utf-8"),
        ("dump.bin", "application/octet-stream"),
        ("sitemap.xml.gz", "application/gzip"),
    ],
)
def test_content_type_table(name: str, expected: str) -> None:
    site = LoopbackSite(EDITIONS[0])
    assert content_type_for(Path(name), site.content_types) == expected


def test_etag_is_a_content_hash_and_if_none_match_answers_304(client: Client) -> None:
    first = client.request(ARTICLE)
    etag = first.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert client.request(ARTICLE).headers["ETag"] == etag
    assert client.request("/feed.xml").headers["ETag"] != etag
    for header in (etag, f"W/{etag}", f'"nope", {etag}', "*"):
        reply = client.request(ARTICLE, headers={"If-None-Match": header})
        assert reply.status == 304, header
        assert reply.body == b""
        assert reply.headers["ETag"] == etag
    assert client.request(ARTICLE, headers={"If-None-Match": '"nope"'}).status == 200


def test_last_modified_and_if_modified_since(client: Client) -> None:
    first = client.request(ARTICLE)
    last_modified = first.headers["Last-Modified"]
    stamp = email.utils.parsedate_to_datetime(last_modified).timestamp()
    assert client.request(ARTICLE).headers["Last-Modified"] == last_modified
    same = client.request(ARTICLE, headers={"If-Modified-Since": last_modified})
    assert same.status == 304
    earlier = email.utils.formatdate(stamp - 60, usegmt=True)
    assert client.request(ARTICLE, headers={"If-Modified-Since": earlier}).status == 200
    assert client.request(ARTICLE, headers={"If-Modified-Since": "yesterday-ish"}).status == 200


def test_if_none_match_takes_precedence_over_if_modified_since(client: Client) -> None:
    last_modified = client.request(ARTICLE).headers["Last-Modified"]
    reply = client.request(
        ARTICLE, headers={"If-None-Match": '"other"', "If-Modified-Since": last_modified}
    )
    assert reply.status == 200


def test_gzip_on_request_with_its_own_etag(client: Client) -> None:
    plain = client.request(ARTICLE)
    packed = client.request(ARTICLE, headers={"Accept-Encoding": "gzip, deflate"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert packed.headers["Vary"] == "Accept-Encoding"
    assert gzip.decompress(packed.body) == plain.body
    assert len(packed.body) < len(plain.body)
    assert packed.headers["ETag"] == plain.headers["ETag"][:-1] + '-gzip"'
    again = client.request(
        ARTICLE, headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]}
    )
    assert again.status == 304
    refused = client.request(ARTICLE, headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused.headers
    image = client.request("/static/og-default.png", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in image.headers


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip", True),
        ("GZIP, br", True),
        ("deflate, gzip;q=0.5", True),
        ("*", True),
        ("x-gzip", True),
        ("gzip;q=0", False),
        ("gzip; q=0.0", False),
        ("br, deflate", False),
        ("", False),
        ("identity", False),
    ],
)
def test_accepts_gzip(header: str, expected: bool) -> None:
    assert accepts_gzip(header) is expected


def test_head_sends_headers_without_body(client: Client) -> None:
    get = client.request(ARTICLE)
    head = client.request(ARTICLE, method="HEAD")
    assert head.status == 200
    assert head.body == b""
    assert head.headers["Content-Length"] == get.headers["Content-Length"]
    assert head.headers["ETag"] == get.headers["ETag"]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/no/such/page.html", 404),
        ("/../../etc/passwd", 404),
        ("/%2e%2e/%2e%2e/etc/passwd", 404),
        ("/world", 301),
        ("/world/", 200),
        ("/world/index.html", 200),
        ("/static/", 404),
    ],
)
def test_status_by_path(client: Client, path: str, status: int) -> None:
    assert client.request(path).status == status


def test_not_found_page_and_redirect_target(client: Client) -> None:
    missing = client.request("/no/such/page.html")
    assert b"couldn't find that page" in missing.body
    assert "ETag" not in missing.headers
    moved = client.request("/world")
    assert moved.headers["Location"] == client.site.url + "/world/"


def test_other_methods_are_not_allowed(client: Client) -> None:
    reply = client.request("/", method="POST")
    assert reply.status == 405
    assert reply.headers["Allow"] == "GET, HEAD"
    assert client.site.requests.count(method="POST", path="/", status=405) == 1


def test_request_log_counts_method_path_status(client: Client) -> None:
    site = client.site
    client.request(ARTICLE)
    etag = client.request(ARTICLE).headers["ETag"]
    client.request(ARTICLE, headers={"If-None-Match": etag})
    client.request(ARTICLE, method="HEAD")
    client.request("/missing.html")
    counts = site.requests.counts()
    assert counts[("GET", ARTICLE, 200)] == 2
    assert counts[("GET", ARTICLE, 304)] == 1
    assert counts[("HEAD", ARTICLE, 200)] == 1
    assert counts[("GET", "/missing.html", 404)] == 1
    assert len(site.requests) == 5
    assert site.requests.count(path=re.compile(r"^/world/2025/")) == 4
    assert site.requests.count(status=304) == 1
    conditional = [e for e in site.requests.entries() if e.conditional]
    assert [(e.method, e.status) for e in conditional] == [("GET", 304)]
    size = int(client.request(ARTICLE).headers["Content-Length"])
    assert site.requests.bytes_sent(path=ARTICLE, status=200, method="GET") == 3 * size
    assert site.requests.bytes_sent(status=304) == 0
    site.requests.clear()
    assert len(site.requests) == 0


def test_request_log_is_exact_under_concurrent_clients(client: Client) -> None:
    def worker() -> None:
        for _ in range(10):
            assert client.request("/robots.txt").status == 200

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert client.site.requests.counts()[("GET", "/robots.txt", 200)] == 80


def test_origin_is_rewritten_to_the_servers_url(client: Client) -> None:
    url = client.site.url.encode()
    for path in ("/feed.xml", "/sitemap.xml", "/robots.txt", ARTICLE):
        body = client.request(path).body
        assert SITE_ORIGIN.encode() not in body, path
        assert url in body, path
    raw = (EDITIONS[0] / "feed.xml").read_bytes()
    assert SITE_ORIGIN.encode() in raw


def test_origin_rewrite_can_be_turned_off(make_client: type[Client]) -> None:
    with LoopbackSite(EDITIONS[0], origin=None) as plain:
        body = make_client(plain).request("/feed.xml").body
    assert body == (EDITIONS[0] / "feed.xml").read_bytes()


def test_robots_txt_disallows_the_private_area(client: Client) -> None:
    reply = client.request("/robots.txt")
    robots = RobotFileParser()
    robots.parse(reply.body.decode().splitlines())
    agent = "tallywatch/0.1"
    assert not robots.can_fetch(agent, client.site.url_for(PRIVATE))
    assert robots.can_fetch(agent, client.site.url_for(ARTICLE))
    assert robots.can_fetch(agent, client.site.url_for("/feed.xml"))
    assert robots.site_maps() == [client.site.url_for("/sitemap.xml")]
    assert client.request(PRIVATE).status == 200  # robots.txt asks; the server does not enforce


def test_switching_editions(client: Client) -> None:
    site = client.site
    article = client.request(ARTICLE)
    updated = client.request(UPDATED)
    assert client.request(NEW_IN_EDITION2).status == 404

    site.use(EDITIONS[1])
    assert site.root == EDITIONS[1].resolve()
    assert client.request(NEW_IN_EDITION2).status == 200
    same = client.request(ARTICLE, headers={"If-None-Match": article.headers["ETag"]})
    assert same.status == 304
    assert client.request(ARTICLE).headers["Last-Modified"] == article.headers["Last-Modified"]
    changed = client.request(UPDATED, headers={"If-None-Match": updated.headers["ETag"]})
    assert changed.status == 200
    assert b"about 14,000" in changed.body
    since = client.request(UPDATED, headers={"If-Modified-Since": updated.headers["Last-Modified"]})
    assert since.status == 200, "changed content must never be answered 304 by date"
    new_date = email.utils.parsedate_to_datetime(changed.headers["Last-Modified"])
    old_date = email.utils.parsedate_to_datetime(updated.headers["Last-Modified"])
    assert new_date > old_date


def test_use_rejects_a_missing_directory(site: LoopbackSite, tmp_path: Path) -> None:
    with pytest.raises(NotADirectoryError):
        site.use(tmp_path / "absent")
    assert site.root == EDITIONS[0].resolve()


def test_rewritten_file_gets_a_new_date_within_the_same_second(
    tmp_path: Path, make_client: type[Client]
) -> None:
    page = tmp_path / "page.html"
    page.write_text("<p>first version</p>", encoding="utf-8")
    with LoopbackSite(tmp_path) as site:
        client = make_client(site)
        first = client.request("/page.html")
        page.write_text("<p>other version</p>", encoding="utf-8")
        second = client.request(
            "/page.html", headers={"If-Modified-Since": first.headers["Last-Modified"]}
        )
        assert second.status == 200
        assert second.body == b"<p>other version</p>"
        assert second.headers["Last-Modified"] != first.headers["Last-Modified"]
        third = client.request(
            "/page.html", headers={"If-Modified-Since": second.headers["Last-Modified"]}
        )
        assert third.status == 304


def test_gzip_variant_follows_rewritten_content(tmp_path: Path, make_client: type[Client]) -> None:
    """Compressed bodies are kept by content: a rewrite is never served from the old one."""
    page = tmp_path / "page.html"
    versions = [f"<p>version {n}: {'words ' * 200}</p>".encode() for n in range(3)]
    with LoopbackSite(tmp_path) as site:
        client = make_client(site)
        seen = []
        for version in versions:
            page.write_bytes(version)
            for _ in range(2):
                reply = client.request("/page.html", headers={"Accept-Encoding": "gzip"})
                assert reply.headers["Content-Encoding"] == "gzip"
                assert gzip.decompress(reply.body) == version
                seen.append(reply.body)
        assert [seen[0], seen[2], seen[4]] == [seen[1], seen[3], seen[5]]


def test_gzip_cache_keeps_to_its_byte_budget() -> None:
    from tallywatch.demo.server import Resource, _GzipCache

    cache = _GzipCache(budget=3000)
    bodies = [random.Random(n).randbytes(1000) for n in range(6)]  # incompressible
    for n, body in enumerate(bodies):
        packed = cache.compress(Resource(200, body, "text/html", etag=f'"{n}"'))
        assert gzip.decompress(packed) == body
    assert 0 < cache.size <= 3000
    assert len(cache) < len(bodies)


def test_custom_content_types_for_fault_tests(tmp_path: Path, make_client: type[Client]) -> None:
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01binary")
    with LoopbackSite(tmp_path, content_types={".bin": "text/html"}) as site:
        reply = make_client(site).request("/blob.bin")
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    assert reply.body == b"\x00\x01binary"


def test_lifecycle(tmp_path: Path, make_client: type[Client]) -> None:
    site = LoopbackSite(tmp_path)
    with pytest.raises(RuntimeError):
        _ = site.url
    with site:
        port = site.port
        assert site.url == f"http://127.0.0.1:{port}"
        assert site.start() is site
        kept = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        kept.request("GET", "/missing")
        kept.getresponse().read()
    site.stop()
    with pytest.raises(OSError):
        kept.request("GET", "/missing")
        kept.getresponse()
    kept.close()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    with site:
        assert make_client(site).request("/missing").status == 404


def test_requests_leave_stderr_and_stdout_quiet(
    client: Client, capfd: pytest.CaptureFixture[str]
) -> None:
    client.request(ARTICLE)
    client.request("/missing.html")
    client.request("/", method="DELETE")
    sock = socket.create_connection((urlsplit(client.site.url).hostname, client.site.port))
    sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    sock.close()
    assert client.request("/robots.txt").status == 200
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")
