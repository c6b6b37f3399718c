"""Protections of the review page: access token, CSRF tokens, Host check, strict headers.

- Without a token the page is meant for this machine only: it is bound to loopback and
  answers only requests whose Host is a loopback name, so a web page the reviewer visits
  cannot reach it through DNS rebinding.
- With a token every request must carry it: `Authorization: Bearer TOKEN`, or a cookie
  set once by opening any page with `?token=TOKEN` (the token is then dropped from the
  address by a redirect).  The cookie holds an HMAC of the token, not the token.
- Every POST carries the session's CSRF token (a hidden form field or an
  `X-CSRF-Token` header); the session cookie is SameSite=Strict.
- Responses forbid inline scripts and styles, framing, and foreign resources.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from urllib.parse import urlencode, urlsplit

from flask import Flask, Response, abort, redirect, request, session
from werkzeug.serving import WSGIRequestHandler
from werkzeug.wrappers.response import Response as BaseResponse

TOKEN_COOKIE = "tallywatch_token"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def is_loopback(host: str) -> bool:
    """True for `localhost`, 127.0.0.0/8 and ::1 (brackets allowed)."""
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _hostname(host_header: str) -> str:
    """The name part of a Host header: `[::1]:8150` -> `::1`, `localhost:8150` -> `localhost`."""
    if host_header.startswith("["):
        return host_header[1 : host_header.find("]")] if "]" in host_header else host_header
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


def safe_external_url(url: str | None) -> str | None:
    """`url` if it is an http(s) URL (safe in an href), else None."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def safe_next(target: str | None, default: str) -> str:
    """A same-site path to go back to after a POST; anything else falls back to `default`.

    Browsers drop tabs and line breaks from a URL and read a backslash as a slash, so
    `/\t/evil.example` would lead off-site: a target with any control character, space or
    backslash is refused, as is one that parses with a scheme or a host."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    if any(ch <= " " or ch in "\\\x7f" for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


class PathOnlyRequestHandler(WSGIRequestHandler):
    """werkzeug's request handler, logging each request's path without its query string:
    the query may carry the access token (`?token=...`) or search terms."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        path = urlsplit(self.path).path
        self.log("info", '"%s %s %s" %s %s', self.command, path, self.request_version, code, size)


def csrf_token() -> str:
    """The session's CSRF token, created on first use."""
    token = session.get(CSRF_FIELD)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session[CSRF_FIELD] = token
    return token


class RequestGuard:
    """The before/after-request hooks; `token` None means loopback-only access."""

    def __init__(self, token: str | None) -> None:
        self.token = token
        self.cookie_value = (
            hmac.new(token.encode(), b"tallywatch review cookie", hashlib.sha256).hexdigest()
            if token
            else None
        )

    def install(self, app: Flask) -> None:
        app.before_request(self.before)
        app.after_request(self.after)
        app.jinja_env.globals["csrf_token"] = csrf_token
        app.jinja_env.globals["csrf_field"] = CSRF_FIELD

    def before(self) -> BaseResponse | None:
        if self.token is None:
            if not is_loopback(_hostname(request.host)):
                abort(403, "this review page answers only on a loopback address")
        else:
            answer = self._check_token()
            if answer is not None:
                return answer
        if request.method not in SAFE_METHODS:
            supplied = request.form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or ""
            expected = session.get(CSRF_FIELD)
            if not isinstance(expected, str) or not hmac.compare_digest(supplied, expected):
                abort(403, "missing or wrong CSRF token: reload the page and try again")
        return None

    def _check_token(self) -> BaseResponse | None:
        assert self.token is not None and self.cookie_value is not None
        given = request.args.get("token")
        if given is not None and hmac.compare_digest(given.encode(), self.token.encode()):
            rest = [(k, v) for k, v in request.args.items(multi=True) if k != "token"]
            target = request.path + (f"?{urlencode(rest)}" if rest else "")
            answer = redirect(target, code=303)
            answer.set_cookie(
                TOKEN_COOKIE,
                self.cookie_value,
                httponly=True,
                samesite="Strict",
                secure=request.is_secure,
            )
            return answer
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer ") and hmac.compare_digest(
            header[7:].strip().encode(), self.token.encode()
        ):
            return None
        cookie = request.cookies.get(TOKEN_COOKIE, "")
        if cookie and hmac.compare_digest(cookie.encode(), self.cookie_value.encode()):
            return None
        answer = Response(
            "this review page needs its access token: open it once with ?token=... "
            "or send 'Authorization: Bearer ...'\n",
            status=401,
            mimetype="text/plain",
        )
        answer.headers["WWW-Authenticate"] = 'Bearer realm="tallywatch review"'
        return answer

    def after(self, response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if response.mimetype == "text/html":
            response.headers["Cache-Control"] = "no-store"
        return response
