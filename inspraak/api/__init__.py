"""The open data API: JSON under /api/v1/ with an OpenAPI 3.1 document.

Every area that offers JSON makes its blueprint with ``api_blueprint``, so all of
/api/v1 shares one token authentication, one error shape, CORS and caching, and gives
its part of the OpenAPI document through its ``Area`` (``inspraak.areas``).
"""
from __future__ import annotations

from flask import Blueprint, g, request

from inspraak.errors import render_error

API_PREFIX = "/api/v1"


def authenticate_token():
    """``g.api_user``: the holder of a valid bearer token, or None for anonymous clients."""
    from inspraak.accounts.services import user_for_api_token

    g.api_user = None
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return render_error(401, "Use 'Authorization: Bearer <token>'.")
    g.api_user = user_for_api_token(secret.strip())
    if g.api_user is None:
        return render_error(401, "The API token is invalid or revoked.")
    return None


def cors_and_cache(response):
    # Open data: any site may read it; nothing here uses cookies.
    response.headers["Access-Control-Allow-Origin"] = "*"
    # What a script on another site may read of a response (revalidation, paging, waiting) ...
    response.headers["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Link, Retry-After"
    if request.method == "OPTIONS":
        # ... and send: its own token and the revalidation headers (a preflight asks first).
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Authorization, If-None-Match, If-Modified-Since"
        response.headers["Access-Control-Max-Age"] = "600"
    response.headers["Vary"] = "Authorization"
    anonymous_success = response.status_code == 200 and request.method == "GET" and "Authorization" not in request.headers
    response.headers["Cache-Control"] = "public, max-age=60" if anonymous_success else "private, no-store"
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="inspraak"'
    return response


class PageArguments(ValueError):
    """The page or per_page of a list request is not valid; ``response`` is the 400 to return."""

    def __init__(self, response) -> None:
        super().__init__("invalid paging")
        self.response = response


def page_arguments(default_per_page: int = 20, max_per_page: int = 100) -> tuple[int, int]:
    """``page`` and ``per_page`` of a list request, or ``PageArguments`` carrying a 400."""
    from inspraak.web import MAX_PAGE

    try:
        page = int(request.args.get("page", 1))
        per_page = int(request.args.get("per_page", default_per_page))
    except ValueError:
        raise PageArguments(render_error(400, "page and per_page must be whole numbers.")) from None
    if not 1 <= page <= MAX_PAGE or not 1 <= per_page <= max_per_page:
        raise PageArguments(render_error(
            400, f"page must be between 1 and {MAX_PAGE} and per_page between 1 and {max_per_page}."))
    return page, per_page


def page_items(result, page: int) -> list:
    """The items of the page asked for, none past the end: the services give a person who
    follows an old link past the end the last page (``inspraak.database.paginate``), but an
    API client that asks for page n gets page n."""
    return list(result.items) if result.page == page else []


def api_blueprint(name: str, import_name: str) -> Blueprint:
    """A blueprint under /api/v1 with token authentication, CORS and caching."""
    bp = Blueprint(name, import_name, url_prefix=API_PREFIX)
    bp.before_request(authenticate_token)
    bp.after_request(cors_and_cache)
    bp.register_error_handler(PageArguments, lambda error: error.response)
    return bp
