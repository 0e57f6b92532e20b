"""Account use cases. Each takes plain values and the acting user, commits once,
raises DomainError with a translatable message, and sends mail after the commit."""
from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from re import split as re_split

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from inspraak.accounts.identity import AddressRefused, canonical_email, clean_name, lookup_email
from inspraak.accounts.security_log import SecurityEventKind, record, record_now
from inspraak.accounts.models import (
    PASSWORD_MIN_LENGTH, ApiToken, Organisation, OrganisationCategory, Role, User, new_session_token,
)
from inspraak.database import paginate, utcnow
from inspraak.errors import DomainError
from inspraak.extensions import db
from inspraak.mail import render_and_send, send_mail
from inspraak.text import is_blank


@dataclass(frozen=True)
class _Hashing:
    hasher: PasswordHasher
    # Verified against when no account matches, so a wrong e-mail address costs as
    # much time as a wrong password and response times do not reveal accounts.
    dummy_hash: str


def _hashing() -> _Hashing:
    """This app's password hasher, with the Argon2 parameters its config names
    (RFC 9106's recommendation in production; the cheapest in tests)."""
    hashing = current_app.extensions.get("inspraak.hashing")
    if hashing is None:
        hasher = PasswordHasher.from_parameters(getattr(profiles, current_app.config["ARGON2_PROFILE"]))
        hashing = _Hashing(hasher, hasher.hash(secrets.token_hex(16)))
        current_app.extensions["inspraak.hashing"] = hashing
    return hashing

VERIFY_SALT = "inspraak.verify-email"
RESET_SALT = "inspraak.reset-password"
API_TOKEN_PREFIX = "insp_"

INVALID_CREDENTIALS = _l("Het e-mailadres of het wachtwoord klopt niet.")
INVALID_LINK = _l("Deze link is ongeldig of al gebruikt. Vraag een nieuwe aan.")
EXPIRED_LINK = _l("Deze link is verlopen. Vraag een nieuwe aan.")


def normalise_email(email: str) -> str:
    """The stored form of an address for looking it up (see ``inspraak.accounts.identity``)."""
    return lookup_email(email)


ADDRESS_ERRORS = {
    "format": _l("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."),
    "length": _l("Dit e-mailadres is te lang: het deel voor de @ mag hoogstens 64 tekens hebben."),
    "scripts": _l("Dit e-mailadres mengt letters uit verschillende schriften (bijvoorbeeld Latijnse en "
                  "Cyrillische). Controleer het adres."),
}


def checked_email(email: str) -> str:
    """The stored form of a new address, or a DomainError that says what is wrong with it."""
    try:
        return canonical_email(email)
    except AddressRefused as refused:
        raise DomainError(ADDRESS_ERRORS[refused.reason], field="email") from None


def hash_password(password: str) -> str:
    return _hashing().hasher.hash(password)


def check_password_strength(password: str, *, personal: tuple[str, ...] = ()) -> None:
    """At least 12 characters and not guessable; no composition rules (NIST SP 800-63B).

    Guessability is zxcvbn's estimate (score 3 or more: about 10^8 guesses), with the
    person's own name and address and a list of words Dutch passwords are often made of
    as extra dictionary words."""
    if len(password) < PASSWORD_MIN_LENGTH:
        raise DomainError(_l("Kies een wachtwoord van minstens %(n)d tekens.", n=PASSWORD_MIN_LENGTH), field="password")
    if password_is_guessable(password, personal):
        raise DomainError(_l("Dit wachtwoord is te makkelijk te raden. Kies een zin van een paar woorden die "
                             "niemand met u verbindt, bijvoorbeeld ‘fiets kookt soep op dinsdag’."), field="password")


def password_is_guessable(password: str, personal: tuple[str, ...] = ()) -> bool:
    from zxcvbn import zxcvbn

    words = []
    for value in personal:  # the whole value, its local part, squeezed, and each word
        value = value.lower()
        local = value.split("@")[0]
        words += [value, local, "".join(re_split(r"[\s._+-]+", local))]
        words += [part for part in re_split(r"[\s@._+-]+", value) if len(part) > 2]
    # zxcvbn's cost grows with length; a passphrase past 64 characters is long enough.
    return zxcvbn(password[:64], user_inputs=[*words, *_dutch_password_words()])["score"] < 3


@functools.cache
def _dutch_password_words() -> tuple[str, ...]:
    path = Path(__file__).parent / "data" / "common_passwords_nl.txt"
    return tuple(line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#"))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hashing().hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _external_url(endpoint: str, **values) -> str:
    base = current_app.config.get("PUBLIC_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def _user_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == normalise_email(email), User.deleted_at.is_(None)))


@dataclass(frozen=True)
class OrganisationDetails:
    name: str
    category: OrganisationCategory
    kvk_number: str | None = None
    transparency_register_id: str | None = None


def _checked_name(value: str, field: str = "name") -> str:
    name = clean_name(value)
    if not name:
        raise DomainError(_l("Vul een naam in."), field=field)
    return name


def create_user(
    *, email: str, name: str, password: str, role: Role = Role.PARTICIPANT, locale: str = "nl",
    organisation: OrganisationDetails | None = None, verified: bool = False,
) -> User:
    """Create an account directly (CLI, demo content, admins). Refuses a used address."""
    email = checked_email(email)
    check_password_strength(password, personal=(email, name))
    if _user_by_email(email) is not None:
        raise DomainError(_l("Er bestaat al een account met dit e-mailadres."), field="email")
    user = _new_user(email=email, name=name, password_hash=hash_password(password), role=role, locale=locale,
                     organisation=organisation)
    if verified:
        user.verified_at = utcnow()
    db.session.commit()
    return user


def _new_user(*, email, name, password_hash, role, locale, organisation) -> User:
    user = User(
        email=checked_email(email), name=_checked_name(name), password_hash=password_hash,
        role=role.value, locale=locale,
    )
    if organisation is not None:
        # Representatives of one organisation share it (matched by KvK number).
        from dataclasses import replace

        from inspraak.accounts.organisations import organisation_for

        user.organisation = organisation_for(
            replace(organisation, name=_checked_name(organisation.name, field="organisation_name")))
    db.session.add(user)
    return user


def register(
    *, email: str, name: str, password: str, locale: str, organisation: OrganisationDetails | None = None,
) -> None:
    """Self-registration as a citizen or as an organisation's representative.

    The answer is the same whether or not the address is known (no enumeration):
    a new address gets a verification link, a known one a notice to sign in.
    """
    email = checked_email(email)  # the form of the address, not whether it is known
    check_password_strength(password, personal=(email, name))
    # Hash before looking the address up, so both answers take the same time.
    password_hash = hash_password(password)
    existing = _user_by_email(email)
    if existing is not None:
        send_mail(existing.email, "account_exists", existing.locale, user=existing,
                  sign_in_url=_external_url("accounts.sign_in"),
                  reset_url=_external_url("accounts.request_reset"))
        return
    role = Role.ORGANISATION if organisation is not None else Role.PARTICIPANT
    user = _new_user(email=email, name=name, password_hash=password_hash, role=role, locale=locale,
                     organisation=organisation)
    try:
        db.session.commit()
    except IntegrityError:
        # A simultaneous registration took the address (UNIQUE on email): one account
        # exists, which is all either request asked for; answer as for a known address.
        db.session.rollback()
        return
    send_verification(user)


def send_verification(user: User, *, deliver: bool = True) -> None:
    token = _serializer(VERIFY_SALT).dumps({"uid": user.id, "email": user.email})
    render_and_send(user.email, "verify_email", user.locale, deliver=deliver, user=user,
              verify_url=_external_url("accounts.verify_email", token=token),
              hours=int(current_app.config["TOKEN_MAX_AGE"].total_seconds() // 3600))


def resend_verification(email: str) -> None:
    """Queue a new verification link; the job looks the address up (see ``mail_by_address``)."""
    mail_by_address(mail_verification_job, email)


def mail_verification_job(email: str, base_url: str) -> None:
    """Background job: a new verification link, if the address has an unverified account."""
    with link_context(base_url):
        user = _user_by_email(email)
        deliver = user is not None and not user.is_verified
        send_verification(user if deliver else stand_in_user(email), deliver=deliver)


def mail_by_address(job, email: str) -> None:
    """Queue ``job(email, base_url)``: whether the address is known is decided in the job,
    so the request does the same work for every address and its timing reveals nothing."""
    from inspraak.jobs import enqueue

    enqueue(job, lookup_email(email), link_base_url())


def stand_in_user(email: str) -> User:
    """An unsaved user for an unknown address: the job renders the same mail for it, and
    does not deliver it, so known and unknown addresses cost the same work (on a one-machine
    install the job shares the processor with the requests an attacker times)."""
    return User(id=0, email=email, name="", password_hash=_hashing().dummy_hash, locale="nl",
                session_token="", verified_at=None)


def link_base_url() -> str:
    """Where links in mail point: INSPRAAK_PUBLIC_URL, else this request's host."""
    return current_app.config.get("PUBLIC_URL") or url_for("main.show_home", _external=True)


def link_context(base_url: str):
    """A request context for building links inside a background job."""
    return current_app.test_request_context("/", base_url=base_url)


def _load_link_token(salt: str, token: str) -> dict:
    """The data of a signed link, or a DomainError that says why the link does not work."""
    max_age = int(current_app.config["TOKEN_MAX_AGE"].total_seconds())
    try:
        data = _serializer(salt).loads(token, max_age=max_age)
    except SignatureExpired:
        raise DomainError(EXPIRED_LINK) from None
    except BadSignature:
        raise DomainError(INVALID_LINK) from None
    if not isinstance(data, dict):
        raise DomainError(INVALID_LINK)
    return data


def user_for_verification_token(token: str) -> User:
    """The account a verification link is for; refuses a tampered, expired or stale link."""
    data = _load_link_token(VERIFY_SALT, token)
    user = db.session.get(User, data.get("uid"))
    if user is None or user.email != data.get("email") or not user.is_active:
        raise DomainError(INVALID_LINK)
    return user


def verify_email(token: str) -> User:
    user = user_for_verification_token(token)
    if user.verified_at is None:
        user.verified_at = utcnow()
        db.session.commit()
    return user


def authenticate(email: str, password: str, *, locale: str | None = None) -> User:
    """Return the user for these credentials or raise one message for every failure.

    ``locale``: the language chosen in this browser before signing in; it is kept and
    stored on the account (mail goes out in it)."""
    user = _user_by_email(email)
    if user is None:
        _verify(_hashing().dummy_hash, password)
        record_now(SecurityEventKind.SIGN_IN_FAILED, detail="unknown address")
        raise DomainError(INVALID_CREDENTIALS)
    if not _verify(user.password_hash, password):
        record_now(SecurityEventKind.SIGN_IN_FAILED, user=user, detail="wrong password")
        raise DomainError(INVALID_CREDENTIALS)
    if not user.is_verified:
        send_verification(user)
        raise DomainError(_l("Bevestig eerst uw e-mailadres. We hebben u een nieuwe bevestigingslink gestuurd."))
    if _hashing().hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_sign_in_at = utcnow()
    if locale in current_app.config["LANGUAGES"]:
        user.locale = locale
    record(SecurityEventKind.SIGN_IN, user=user, detail="password")
    db.session.commit()
    return user


def sign_out(user: User) -> None:
    """End every session of this user on the server side."""
    user.session_token = new_session_token()
    record(SecurityEventKind.SIGN_OUT, user=user)
    db.session.commit()


def _reset_fingerprint(user: User) -> str:
    # Changes when the password changes, so a reset link works once.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def request_password_reset(email: str) -> None:
    """Mail a reset link if the address is known; say nothing either way. Known and unknown
    addresses cost the request the same: one queued job, which does the look-up."""
    mail_by_address(mail_password_reset_job, email)


def mail_password_reset_job(email: str, base_url: str) -> None:
    """Background job: a reset link, if the address has an account."""
    with link_context(base_url):
        user = _user_by_email(email)
        stand_in = user or stand_in_user(email)
        token = _serializer(RESET_SALT).dumps({"uid": stand_in.id, "fp": _reset_fingerprint(stand_in)})
        render_and_send(stand_in.email, "reset_password", stand_in.locale, deliver=user is not None, user=stand_in,
                        reset_url=_external_url("accounts.reset_password", token=token),
                        hours=int(current_app.config["TOKEN_MAX_AGE"].total_seconds() // 3600))


def user_for_reset_token(token: str) -> User:
    data = _load_link_token(RESET_SALT, token)
    user = db.session.get(User, data.get("uid"))
    if user is None or not user.is_active or data.get("fp") != _reset_fingerprint(user):
        raise DomainError(INVALID_LINK)
    return user


def reset_password(token: str, new_password: str) -> User:
    user = user_for_reset_token(token)
    check_password_strength(new_password, personal=(user.email, user.name))
    user.password_hash = hash_password(new_password)
    user.session_token = new_session_token()
    record(SecurityEventKind.PASSWORD_CHANGED, user=user, detail="reset link")
    # Following the link proves the address too.
    user.verified_at = user.verified_at or utcnow()
    db.session.commit()
    return user


def confirm_identity(user: User, password: str) -> None:
    """Re-authentication before a sensitive change: the password again."""
    if not _verify(user.password_hash, password):
        raise DomainError(_l("Uw wachtwoord klopt niet."), field="password")


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not _verify(user.password_hash, current_password):
        raise DomainError(_l("Uw huidige wachtwoord klopt niet."), field="current_password")
    check_password_strength(new_password, personal=(user.email, user.name))
    user.password_hash = hash_password(new_password)
    user.session_token = new_session_token()
    record(SecurityEventKind.PASSWORD_CHANGED, user=user)
    db.session.commit()


def assign_role(actor: User, user: User, role: Role) -> None:
    if actor.id == user.id and role is not Role.ADMIN:
        raise DomainError(_l("U kunt uw eigen beheerdersrol niet intrekken; laat een andere beheerder dat doen."))
    if user.role != role.value:
        record(SecurityEventKind.ROLE_CHANGED, user=user, actor=actor, detail=f"{user.role} -> {role.value}")
    user.role = role.value
    if role not in (Role.POLICY_OFFICER, Role.ADMIN):
        # Whoever may no longer make API tokens keeps none that work.
        for token in user.api_tokens:
            token.revoked_at = token.revoked_at or utcnow()
    db.session.commit()


def end_sessions(actor: User, user: User) -> None:
    """An admin signs a person out on every device (a lost laptop, a shared computer, a
    suspected take-over): their session and remember-me cookies stop working at once,
    because both carry the session token that changes here. API tokens are separate."""
    if actor.id == user.id:
        raise DomainError(_l("Uw eigen sessies beëindigt u met ‘Uitloggen’: dat logt u overal uit."))
    user.session_token = new_session_token()
    record(SecurityEventKind.SESSIONS_ENDED, user=user, actor=actor)
    db.session.commit()


def create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Return the stored token and its secret; the secret is shown once and never stored."""
    secret = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name.strip(), token_hash=hash_api_token(secret), prefix=secret[:10])
    db.session.add(token)
    record(SecurityEventKind.API_TOKEN_CREATED, user=user, detail=token.prefix)
    db.session.commit()
    return token, secret


def create_api_token_for_email(email: str, name: str) -> tuple[ApiToken, str]:
    """A new personal API token for an existing policy officer or admin (``inspraak create-token``)."""
    user = _user_by_email(email)
    if user is None or not user.is_active:
        raise DomainError(_l("Er is geen account met dit e-mailadres."))
    if not user.has_role(Role.POLICY_OFFICER, Role.ADMIN):
        raise DomainError(_l("Alleen beleidsmedewerkers en beheerders kunnen een API-token krijgen."))
    if is_blank(name):
        raise DomainError(_l("Geef het token een naam."))
    return create_api_token(user, name)


def hash_api_token(secret: str) -> str:
    # A SHA-256 of 256 random bits needs no slow KDF: it cannot be guessed.
    return hashlib.sha256(secret.encode()).hexdigest()


def revoke_api_token(user: User, token_id: int) -> None:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise DomainError(_l("Dit token bestaat niet."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.commit()


def user_for_api_token(secret: str) -> User | None:
    token = db.session.scalar(
        db.select(ApiToken).where(ApiToken.token_hash == hash_api_token(secret), ApiToken.revoked_at.is_(None))
    )
    if token is None or not token.user.is_active:
        return None
    # Reads stay reads: the last use is written at most once per interval.
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= current_app.config["API_TOKEN_TOUCH_INTERVAL"]:
        token.last_used_at = now
        db.session.commit()
    return token.user


def list_users(page: int, per_page: int = 50, query: str | None = None):
    stmt = db.select(User).where(User.deleted_at.is_(None)).order_by(User.created_at.desc())
    if query:
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(db.or_(db.func.lower(User.email).like(like), db.func.lower(User.name).like(like)))
    return paginate(stmt, page=page, per_page=per_page)


def personal_data(user: User) -> dict:
    """Everything Inspraak stores about this person (GDPR art. 15), as plain data:
    one entry per personal-data provider that an area registered (``inspraak.areas``)."""
    from inspraak.areas import registry

    return {provider.name: provider.export(user) for provider in registry().personal_data}


def _iso(value):
    return value.isoformat() if value else None


def export_account(user: User) -> dict:
    return {
        "name": user.name, "email": user.email, "role": user.role, "locale": user.locale,
        "created_at": _iso(user.created_at), "verified_at": _iso(user.verified_at),
        "last_sign_in_at": _iso(user.last_sign_in_at),
    }


def export_organisation(user: User) -> dict | None:
    organisation = user.organisation
    return None if organisation is None else {
        "name": organisation.name, "category": organisation.category, "kvk_number": organisation.kvk_number,
        "transparency_register_id": organisation.transparency_register_id,
    }


def export_api_tokens(user: User) -> list[dict]:
    return [
        {"name": t.name, "prefix": t.prefix, "created_at": _iso(t.created_at),
         "last_used_at": _iso(t.last_used_at), "revoked_at": _iso(t.revoked_at)}
        for t in user.api_tokens
    ]


def nothing_to_erase(user: User) -> None:
    """Organisation and tokens are erased with the account (``erase_account``)."""


def delete_account(user: User, password: str) -> None:
    """Erase a person's account (GDPR art. 17): personal data is removed, the row stays
    as an anonymous placeholder so what others wrote keeps its history."""
    if not _verify(user.password_hash, password):
        raise DomainError(_l("Uw wachtwoord klopt niet."), field="password")
    if user.has_role(Role.ADMIN):
        raise DomainError(_l("Een beheerder kan het eigen account niet verwijderen. Laat eerst een andere beheerder uw rol wijzigen."))
    from inspraak.areas import registry

    # Later-registered areas erase their part first (responses, registrations, ...), the
    # account itself last, all in this one transaction.
    for provider in reversed(registry().personal_data):
        provider.erase(user)
    db.session.commit()


def erase_account(user: User) -> None:
    """The accounts area's own erasure: personal data removed, an anonymous placeholder kept."""
    organisation = user.organisation
    now = utcnow()
    user.deleted_at = now
    user.email = f"verwijderd-{user.id}@invalid"
    user.name = str(_l("Verwijderd account"))
    user.password_hash = hash_password(secrets.token_urlsafe(32))
    user.session_token = new_session_token()
    user.organisation = None
    user.last_sign_in_at = None
    for token in user.api_tokens:
        token.revoked_at = token.revoked_at or now
    db.session.flush()
    if organisation is not None and not organisation.members:
        db.session.delete(organisation)


UNVERIFIED_RETENTION = timedelta(days=7)


def purge_unverified_accounts(now: datetime) -> int:
    """Accounts whose address was never confirmed within a week are removed entirely."""
    stale = list(db.session.scalars(db.select(User).where(
        User.verified_at.is_(None), User.deleted_at.is_(None), User.created_at < now - UNVERIFIED_RETENTION)))
    for user in stale:
        organisation = user.organisation
        db.session.delete(user)
        db.session.flush()
        if organisation is not None and not organisation.members:
            db.session.delete(organisation)
    db.session.commit()
    return len(stale)
