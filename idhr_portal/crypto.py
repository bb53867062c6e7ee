"""Encryption at rest and keyed blind indexes.

- Fields and files are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) through a
  MultiFernet built from settings.FIELD_ENCRYPTION_KEYS: the first key encrypts,
  every key decrypts, so a new key can be put first and old data re-encrypted later
  (`rotate_token`). SECRET_KEY is never used for data.
- Blind indexes are HMAC-SHA256 of a normalised value under settings.BLIND_INDEX_KEY,
  so equal e-mail addresses or names can be matched without decrypting anything.
"""
import hashlib
import hmac
import json
import re
import secrets
import unicodedata
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.query_utils import DeferredAttribute

__all__ = [
    "InvalidToken",
    "EncryptedTextField",
    "EncryptedJSONField",
    "EncryptedFileStore",
    "encrypt_bytes",
    "decrypt_bytes",
    "encrypt_str",
    "decrypt_str",
    "rotate_token",
    "is_current_token",
    "normalise_email",
    "normalise_name",
    "blind_index",
    "name_tokens",
    "search_words",
]


@lru_cache(maxsize=8)
def _multifernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must name at least one Fernet key.")
    return MultiFernet([Fernet(key.encode() if isinstance(key, str) else key) for key in keys])


def _fernet() -> MultiFernet:
    return _multifernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt_bytes(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return _fernet().decrypt(token)


def encrypt_str(value: str) -> str:
    return encrypt_bytes(value.encode("utf-8")).decode("ascii")


def decrypt_str(token: str) -> str:
    return decrypt_bytes(token.encode("ascii")).decode("utf-8")


def rotate_token(token: bytes) -> bytes:
    """Re-encrypt a token under the current (first) key."""
    return _fernet().rotate(token)


def is_current_token(token: bytes) -> bool:
    """True when the token was made with the current (first) key."""
    keys = tuple(settings.FIELD_ENCRYPTION_KEYS)
    try:
        Fernet(keys[0].encode()).decrypt(token)
    except InvalidToken:
        return False
    return True


class DecryptedText(str):
    """A plain value read from (or just written to) an encrypted column, carrying the
    stored token, so that saving it unchanged writes the same ciphertext back."""

    token: str | None = None


def _with_token(value: str, token: str) -> DecryptedText:
    wrapped = DecryptedText(value)
    wrapped.token = token
    return wrapped


class _EncryptedTextAttribute(DeferredAttribute):
    """Assigning a value equal to the loaded one keeps the loaded one (and its token):
    a form that resubmits an unchanged name does not make a new ciphertext."""

    def __set__(self, instance, value):
        current = instance.__dict__.get(self.field.attname)
        if (
            isinstance(current, DecryptedText)
            and isinstance(value, str)
            and value is not current
            and value == current
        ):
            value = current
        instance.__dict__[self.field.attname] = value


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; reads back as the plain string.

    The column holds ciphertext only, so it cannot be searched or filtered on:
    use a blind index next to it when matching is needed.

    Only real changes: Fernet uses a fresh IV on every encryption, so the stored token
    is kept while the plain value is unchanged (DecryptedText carries it), and the
    history triggers see a change in this column only when the value changed.
    """

    description = "Text encrypted at rest"
    descriptor_class = _EncryptedTextAttribute

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return _with_token(decrypt_str(value), value)

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if value is None or hasattr(value, "as_sql"):
            return value
        if isinstance(value, DecryptedText) and value.token:
            return value
        plain = str(value)
        wrapped = _with_token(plain, encrypt_str(plain))
        setattr(model_instance, self.attname, wrapped)
        return wrapped

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return value
        if isinstance(value, DecryptedText) and value.token:
            return value.token
        return encrypt_str(str(value))

    def get_db_prep_save(self, value, connection):
        if hasattr(value, "as_sql"):  # an expression (bulk_update, update(F(...))) is SQL, not a value
            return value
        return self.get_prep_value(value)


class EncryptedJSONField(models.TextField):
    """A JSON value (list or dict) stored as one Fernet token."""

    description = "JSON encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return json.loads(decrypt_str(value))

    def to_python(self, value):
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value

    def get_prep_value(self, value):
        if value is None:
            return value
        return encrypt_str(json.dumps(value, sort_keys=True, ensure_ascii=False))

    def get_db_prep_save(self, value, connection):
        if hasattr(value, "as_sql"):  # an expression (bulk_update, update(F(...))) is SQL, not a value
            return value
        return self.get_prep_value(value)

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj))


class EncryptedFileStore:
    """Encrypted files under PRIVATE_MEDIA_ROOT/<folder>/, never served by URL.

    Stored names are random; the name a person gave a file is kept (encrypted) by
    the model that owns it. Paths returned are relative to PRIVATE_MEDIA_ROOT.
    """

    def __init__(self, folder: str):
        if not re.fullmatch(r"[a-z0-9_-]+", folder):
            raise ValueError("folder must be a simple lowercase name")
        self.folder = folder

    @property
    def root(self) -> Path:
        return Path(settings.PRIVATE_MEDIA_ROOT)

    def _path(self, name: str) -> Path:
        path = (self.root / name).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError("path outside the private media root")
        return path

    def save(self, chunks) -> str:
        """Encrypt the bytes (or an iterable of byte chunks) and return the stored name."""
        data = chunks if isinstance(chunks, bytes) else b"".join(chunks)
        name = f"{self.folder}/{secrets.token_hex(16)}.bin"
        path = self._path(name)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(encrypt_bytes(data))
        tmp.replace(path)
        return name

    def read(self, name: str) -> bytes:
        return decrypt_bytes(self._path(name).read_bytes())

    def rotate(self, name: str) -> bool:
        """Re-encrypt under the current key; False when it already was."""
        path = self._path(name)
        token = path.read_bytes()
        if is_current_token(token):
            return False
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(rotate_token(token))
        tmp.replace(path)
        return True

    def delete(self, name: str) -> None:
        self._path(name).unlink(missing_ok=True)

    def exists(self, name: str) -> bool:
        return self._path(name).exists()


def normalise_email(value: str) -> str:
    return (value or "").strip().casefold()


def normalise_name(value: str) -> str:
    """Fold case and accents, drop punctuation and initials, sort the words.

    "Smith, John A." and "john   smith" both become "john smith".
    """
    text = unicodedata.normalize("NFKD", value or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    words = [w for w in re.split(r"[^\w]+", text) if len(w) > 1 and not w.isdigit()]
    return " ".join(sorted(words))


def _fold(value: str) -> str:
    """Unicode-normalise (NFKD), drop accents, fold case: "JOSÉ" -> "jose"."""
    text = unicodedata.normalize("NFKD", value or "")
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold().strip()


def _word_forms(word: str) -> tuple[list[str], str]:
    """A word's parts split at hyphens, apostrophes and dots, and the parts joined."""
    parts = [p for p in re.split(r"[^\w]+", word) if p]
    return parts, "".join(parts)


def _usable(token: str) -> bool:
    return len(token) > 1 and not token.isdigit()


def name_tokens(value: str) -> list[str]:
    """The searchable words of a name, folded: each word, each part of a hyphenated or
    apostrophe'd word, and the word with its hyphens and apostrophes dropped.

    "Mary-Jane O'Brien" -> brien, jane, mary, maryjane, obrien. Initials and numbers
    are left out. Only whole words are ever matched (search_words).
    """
    tokens = set()
    for word in re.split(r"[\s,;/]+", _fold(value)):
        parts, joined = _word_forms(word)
        tokens.update(t for t in [*parts, joined] if _usable(t))
    return sorted(tokens)


def search_words(value: str) -> list[str]:
    """The words of a search, each as name_tokens stores it ("O'Brien" -> "obrien")."""
    words = []
    for word in re.split(r"[\s,;/]+", _fold(value)):
        _parts, joined = _word_forms(word)
        if _usable(joined) and joined not in words:
            words.append(joined)
    return words


def blind_index(value: str, *, kind: str, key: str | None = None) -> str:
    """Keyed HMAC of the normalised value ('' when there is nothing to index).

    `kind` is "email", "name" or "token" (one folded word of a name, name_tokens); it is
    part of the MAC so the kinds never collide.
    """
    normalise = {"email": normalise_email, "name": normalise_name, "token": _fold}[kind]
    normalised = normalise(value)
    if not normalised:
        return ""
    secret = (key or settings.BLIND_INDEX_KEY).encode()
    return hmac.new(secret, f"{kind}:{normalised}".encode(), hashlib.sha256).hexdigest()
