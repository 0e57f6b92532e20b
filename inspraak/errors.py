"""Domain errors and the friendly error pages."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask.globals import request_ctx
from flask_babel import force_locale, lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError


class DomainError(Exception):
    """A rule of the domain refused the action; ``message`` is shown to the user.

    Raise it with a ``lazy_gettext`` string so it is rendered in the user's language.
    ``field`` names the form field the message belongs to; ``field_errors`` (field name ->
    message) carries every problem of a form at once (``for_fields``), so a person sees
    them all in one error summary instead of one per attempt.
    """

    def __init__(self, message, *, field: str | None = None, field_errors: dict[str, object] | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.field_errors = dict(field_errors or {})

    @classmethod
    def for_fields(cls, errors: dict[str, object]) -> "DomainError":
        """One error for several fields (name -> message, in the order of the form).
        ``message`` and ``field`` are the first of them, for callers that show one."""
        field, message = next(iter(errors.items()))
        return cls(message, field=field, field_errors=errors)

    def __str__(self) -> str:
        return str(self.message)


ERROR_TEXTS = {
    400: (_l("Verzoek niet begrepen"), _l("De server kon dit verzoek niet verwerken. Controleer het adres of het formulier en probeer het opnieuw.")),
    401: (_l("Niet aangemeld"), _l("Voor dit verzoek is een geldig token nodig.")),
    403: (_l("Geen toegang"), _l("U heeft geen toegang tot deze pagina. Bent u ingelogd met het juiste account?")),
    404: (_l("Pagina niet gevonden"), _l("Deze pagina bestaat niet (meer). Controleer het adres of ga naar de startpagina.")),
    405: (_l("Actie niet toegestaan"), _l("Deze actie is op deze pagina niet mogelijk.")),
    409: (_l("Niet mogelijk"), _l("Dit verzoek botst met de gegevens zoals ze nu zijn.")),
    413: (_l("Bestand te groot"), _l("Het bestand dat u meestuurde is te groot. Kies een kleiner bestand en probeer het opnieuw.")),
    429: (_l("Te veel pogingen"), _l("U heeft het te vaak geprobeerd. Wacht een paar minuten en probeer het dan opnieuw.")),
    503: (_l("Even niet beschikbaar"), _l("Inspraak kan de gegevens nu even niet bereiken. Er is niets verloren gegaan. Probeer het over een minuut opnieuw; wat u invulde kunt u met de terugknop van uw browser opnieuw versturen.")),
    500: (_l("Er ging iets mis"), _l("Er ging aan onze kant iets mis. Uw gegevens zijn niet verloren gegaan als u een bevestiging heeft gekregen. Probeer het later opnieuw.")),
}
# A 413 without a file: a form's text over the limit (MAX_FORM_MEMORY_SIZE per field of an
# upload form, MAX_CONTENT_LENGTH for the whole request).
TOO_MUCH_TEXT = (_l("Te veel tekst"), _l("Wat u in het formulier invulde is te lang om te versturen. Ga met de terugknop van uw browser terug naar het formulier, maak de tekst korter en verstuur het opnieuw."))


def _sent_a_file_too_large() -> bool:
    """Whether a 413 was about a file: only an upload form (multipart) can carry one, and
    it is the file when the whole request was over the limit; an upload form under it
    was refused for the text of one of its fields (werkzeug's MAX_FORM_MEMORY_SIZE)."""
    if request.mimetype != "multipart/form-data":
        return False
    length, limit = request.content_length, request.max_content_length
    return length is None or limit is None or length > limit


# The API's own words for the same statuses: English like the rest of the API (README,
# "Open data API"), and about what a client can do, not about pages, forms or the browser.
# ``{method}`` and ``{limit}`` are filled in from the request.
API_ERROR_TEXTS = {
    400: ("Request not understood", "The request could not be processed. Check the URL, its query parameters and "
                                    "its body against the OpenAPI document at /api/v1/openapi.json."),
    401: ("Not authenticated", "This request needs a valid API token in the header 'Authorization: Bearer <token>'."),
    403: ("No access", "This client may not do this. Send the API token of a user who is allowed to."),
    404: ("Not found", "Nothing at this URL is visible to this client. The OpenAPI document at "
                       "/api/v1/openapi.json lists the endpoints."),
    405: ("Method not allowed", "This endpoint does not accept {method} requests. The Allow header lists the "
                                "methods it accepts."),
    409: ("Conflict", "The request conflicts with the data as it is now. Read the resource again before retrying."),
    413: ("Request too large", "The request body is larger than the API accepts ({limit} at most). "
                              "Send a smaller request."),
    429: ("Too many requests", "This client sent too many requests. Wait for the number of seconds in the "
                               "Retry-After header, then try again."),
    500: ("Internal server error", "The server failed to handle this request. Try again later; if it keeps "
                                   "failing, contact the administrators of this site."),
    503: ("Temporarily unavailable", "The server cannot reach its database right now. Retry after the number of "
                                     "seconds in the Retry-After header."),
}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _api_texts(status: int) -> tuple[str, str]:
    title, text = API_ERROR_TEXTS.get(status, API_ERROR_TEXTS[500])
    limit = request.max_content_length
    return title, text.format(method=request.method, limit=f"{limit:,} bytes" if limit else "the server's limit")


def render_error(status: int, detail: str | None = None, *, api_detail: str | None = None):
    """The error page, or for /api/ the JSON error. ``detail`` replaces the status's own
    text on both; ``api_detail`` (English) replaces it for the API only."""
    title, text = ERROR_TEXTS.get(status, ERROR_TEXTS[500])
    if status == 413 and not _sent_a_file_too_large():
        title, text = TOO_MUCH_TEXT
    if request_ctx.url_adapter is None:
        # The request named a host this site does not serve (TRUSTED_HOSTS): no URLs
        # can be built for it, so answer in plain text.
        return f"{status} {title}\n", status, {"Content-Type": "text/plain; charset=utf-8"}
    if _wants_json():
        api_title, api_text = _api_texts(status)
        return api_error(status, api_title, api_detail or detail or api_text)
    return render_template("errors/error.html", status=status, title=title, text=detail or text), status


def api_error(status: int, title, detail, **extra):
    """A JSON error of the API, in one language: English, like the OpenAPI document and the
    field names (a lazily translated title or detail is rendered in English here)."""
    with force_locale("en"):
        body = {"error": {"status": status, "title": str(title), "detail": str(detail)}}
        body.update({key: {k: str(v) for k, v in value.items()} for key, value in extra.items()})
    return jsonify(body), status


def register_error_handlers(app: Flask) -> None:
    for status in (400, 404, 413, 429, 500):
        app.register_error_handler(status, lambda error, status=status: render_error(status))

    @app.errorhandler(405)
    def method_not_allowed(error):
        response = app.make_response(render_error(405))
        if getattr(error, "valid_methods", None):
            response.headers["Allow"] = ", ".join(sorted(error.valid_methods))  # RFC 9110, 15.5.6
        return response

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(error):
        """The database is down or unreachable: a friendly 503, never a traceback. The pool
        checks connections before use (pool_pre_ping), so the app recovers by itself."""
        from flask import g
        from flask_login import AnonymousUserMixin

        from inspraak.extensions import db

        app.logger.error("database unavailable: %s", type(error).__name__)
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001 - the connection may be gone altogether
            pass
        g._login_user = AnonymousUserMixin()  # the page must not ask the database who is signed in
        response = render_error(503)
        response = app.make_response(response)
        response.headers["Retry-After"] = "30"
        return response

    @app.errorhandler(403)
    def forbidden(error):
        from inspraak.accounts.security_log import record_refusal

        record_refusal()
        return render_error(403)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400,
            str(_l("Het formulier is verlopen of niet geldig. Ga terug, vernieuw de pagina en verstuur het opnieuw; uw invoer is niet opgeslagen.")),
        )
