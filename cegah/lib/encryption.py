"""Personal data encrypted at rest: a Fernet keyring from the environment, model fields that
store ciphertext, blind indexes for the few lookups on them, and re-encryption for rotation.

- `FIELD_ENCRYPTION_KEYS` holds Fernet keys separated by commas. The first encrypts; all of
  them decrypt (`MultiFernet`), so a new key can go first while rows still hold the old one,
  until `manage.py rotate_encryption_keys` has re-encrypted them (docs/decisions/0022).
- An empty value is stored empty, not encrypted: "no phone number" stays visible to SQL, so
  check constraints (`reporter_email=""`) and `~Q(phone="")` filters keep working.
- Ciphertext is random, so the database cannot compare it: an exact lookup on an encrypted
  field with a non-empty value raises `EncryptedLookupError` instead of finding nothing.
  Where code looks rows up by a value, the model carries a `BlindIndexField` (HMAC-SHA256
  with `FIELD_HASH_KEY`) and the lookup goes to it: `filter(email_hash=blind_index(...))`.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.lookups import Exact, In, IsNull

logger = logging.getLogger("cegah.encryption")

# Every Fernet token starts with the version byte 0x80 and a 64-bit timestamp whose high
# bytes are zero until the year 4000: base64 "gAAAAA". Anything else in an encrypted column
# is a value written before its data migration ran, read as it is.
TOKEN_PREFIX = "gAAAAA"


class DecryptionError(ImproperlyConfigured):
    """A stored value that none of `FIELD_ENCRYPTION_KEYS` decrypts: the key it was written
    with has been removed (or the value was damaged)."""


class EncryptedLookupError(FieldError):
    """A query compares an encrypted column with a value, which can never match."""


# --- keys -----------------------------------------------------------------------------


def _derive(secret: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
        secret.encode()
    )


def development_encryption_key(secret_key: str) -> str:
    """A stable Fernet key derived from SECRET_KEY, for development and tests only."""
    return base64.urlsafe_b64encode(_derive(secret_key, b"cegah field encryption")).decode()


def development_hash_key(secret_key: str) -> str:
    """A stable blind-index key derived from SECRET_KEY, for development and tests only."""
    return _derive(secret_key, b"cegah field blind index").hex()


def parse_keys(name: str, keys: list[str]) -> list[str]:
    """The keys as given, or ImproperlyConfigured naming the position of one that is not a
    Fernet key (never the key itself: it would end up in logs)."""
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError) as exc:
            raise ImproperlyConfigured(
                f"{name}: key {position} is not a Fernet key (32 bytes, url-safe base64; "
                "make one with `python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'`)."
            ) from exc
    return keys


@functools.lru_cache(maxsize=8)
def _keyring(keys: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
    fernets = [Fernet(key) for key in keys]
    return MultiFernet(fernets), fernets[0]


def keyring() -> MultiFernet:
    """All configured keys: the first encrypts, every one decrypts."""
    return _keyring(tuple(settings.FIELD_ENCRYPTION_KEYS))[0]


def current_key() -> Fernet:
    """The key new values are written with."""
    return _keyring(tuple(settings.FIELD_ENCRYPTION_KEYS))[1]


# --- values ---------------------------------------------------------------------------


def is_token(value: str) -> bool:
    return value.startswith(TOKEN_PREFIX)


def encrypt(value: str) -> str:
    """Ciphertext of `value` under the current key; "" stays "" (see the module docstring)."""
    if not value:
        return ""
    return keyring().encrypt(value.encode()).decode()


def decrypt(value: str, where: str = "an encrypted field") -> str:
    """The plain text of a stored value. A value that is not a token (written before its
    data migration) is returned as it is; a token no configured key opens raises
    DecryptionError."""
    if not value or not is_token(value):
        return value
    try:
        return keyring().decrypt(value.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError(
            f"A value of {where} cannot be decrypted with FIELD_ENCRYPTION_KEYS: the key it "
            "was written with is not among them. Put that key back after the current one, "
            "then run `manage.py rotate_encryption_keys`."
        ) from exc


def blind_index(value: str, kind: str) -> str:
    """HMAC-SHA256 of the normalised value (trimmed, lower case) under FIELD_HASH_KEY, in
    hex; "" for an empty value. `kind` ("email", "phone") keeps equal text of different
    kinds apart."""
    normalised = value.strip().lower()
    if not normalised:
        return ""
    message = f"{kind}\x00{normalised}".encode()
    return hmac.new(settings.FIELD_HASH_KEY.encode(), message, hashlib.sha256).hexdigest()


# --- model fields ---------------------------------------------------------------------


class _EmptyOnlyExact(Exact):
    """`field=""` is meaningful (empty values are stored empty); any other value is not."""

    def get_prep_lookup(self) -> Any:
        if self.rhs != "":
            raise _refused(self.lhs.output_field, str(self.lookup_name))
        return super().get_prep_lookup()


class _EmptyOnlyIn(In):
    def get_prep_lookup(self) -> Any:
        plain_list = isinstance(self.rhs, (list, tuple, set, frozenset))
        if not plain_list or any(item != "" for item in self.rhs):
            raise _refused(self.lhs.output_field, str(self.lookup_name))
        return super().get_prep_lookup()


def _refused(model_field: Any, lookup: str) -> EncryptedLookupError:
    name = getattr(model_field, "name", None) or "an encrypted field"
    return EncryptedLookupError(
        f"{name} is encrypted at rest, so `{name}__{lookup}` with a value can never match. "
        "Compare its blind index instead (a BlindIndexField, with "
        "cegah.lib.encryption.blind_index), or filter on another field."
    )


class EncryptedMixin:
    """Stores Fernet ciphertext in a text column; Python code, forms and the admin see the
    plain text, with the field's usual validation (max_length applies to the plain text)."""

    def get_internal_type(self) -> str:
        return "TextField"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None:
            return value
        return decrypt(value, _label(self))

    def get_db_prep_save(self, value: Any, connection: BaseDatabaseWrapper) -> Any:
        value = super().get_db_prep_save(value, connection)  # type: ignore[misc]
        if value is None or hasattr(value, "as_sql"):
            return value
        return encrypt(str(value))

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return IsNull
        if lookup_name == "exact":
            return _EmptyOnlyExact
        if lookup_name == "in":
            return _EmptyOnlyIn
        raise _refused(self, lookup_name)

    def get_transform(self, lookup_name: str) -> Any:
        raise _refused(self, lookup_name)


def _label(model_field: Any) -> str:
    model = getattr(model_field, "model", None)
    if model is None:
        return "an encrypted field"
    return f"{model._meta.label}.{model_field.name}"


class EncryptedCharField(EncryptedMixin, models.CharField):
    """A CharField whose value is encrypted at rest."""


class EncryptedTextField(EncryptedMixin, models.TextField):
    """A TextField whose value is encrypted at rest."""


class EncryptedEmailField(EncryptedMixin, models.EmailField):
    """An EmailField whose value is encrypted at rest."""


class BlindIndexField(models.CharField):
    """HMAC of another field's value, kept up to date on every save and bulk_create, so
    rows can be found by that value without decrypting. `bulk_update`, `QuerySet.update`
    and `save(update_fields=...)` write only what they name: set and name this field too
    (`blind_index(value, kind)`)."""

    def __init__(self, *args: Any, source: str = "", kind: str = "", **kwargs: Any) -> None:
        self.source = source
        self.kind = kind
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs["kind"] = self.kind
        for key, value in (("max_length", 64), ("blank", True), ("default", "")):
            if kwargs.get(key) == value:
                del kwargs[key]
        for key, value in (("editable", False), ("db_index", True)):
            if kwargs.get(key, not value) == value:
                kwargs.pop(key, None)
            else:
                kwargs[key] = not value
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = blind_index(getattr(model_instance, self.source) or "", self.kind)
        setattr(model_instance, self.attname, value)
        return value


# --- whole columns (data migrations and rotation) -------------------------------------


def encrypted_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedMixin)]


def blind_index_fields(model: type[models.Model]) -> list[BlindIndexField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]


@dataclass
class ColumnCounts:
    """What a pass over one model's encrypted columns found (and changed unless a dry run)."""

    rows: int = 0
    encrypted: int = 0  # plain text found and encrypted
    rotated: int = 0  # tokens of an older key re-encrypted with the current one
    current: int = 0  # tokens already under the current key
    rehashed: int = 0  # blind indexes recomputed
    changed_rows: int = 0
    by_field: dict[str, int] = field(default_factory=dict)


def _column(model_field: Any) -> str:
    return str(model_field.column)


def _raw_batches(
    connection: BaseDatabaseWrapper, table: str, pk: str, columns: list[str], batch: int
) -> Iterator[list[tuple[Any, ...]]]:
    quote = connection.ops.quote_name
    selected = ", ".join(quote(c) for c in [pk, *columns])
    start = f"SELECT {selected} FROM {quote(table)}"  # noqa: S608 -- names from the model
    order = f" ORDER BY {quote(pk)} LIMIT {int(batch)}"
    last: Any = None
    while True:
        with connection.cursor() as cursor:
            if last is None:
                cursor.execute(start + order)
            else:
                cursor.execute(f"{start} WHERE {quote(pk)} > %s{order}", [last])
            rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def rewrite_columns(
    connection: BaseDatabaseWrapper,
    model: type[models.Model],
    transform: Callable[[str, str], tuple[str, str]],
    *,
    columns: Iterable[models.Field[Any, Any]] | None = None,
    hashes: Iterable[BlindIndexField] = (),
    batch: int = 1000,
    dry_run: bool = False,
) -> ColumnCounts:
    """Read each row's raw column values in primary-key batches, pass every non-empty value
    to `transform(column, raw) -> (new_raw, what)` and write back the rows that changed, with
    their blind indexes recomputed from the plain text. Bypasses the model (no save(), no
    signals), so it works on historical models in migrations and on millions of rows."""
    fields = list(columns if columns is not None else encrypted_fields(model))
    hash_fields = list(hashes)
    counts = ColumnCounts()
    if not fields:
        return counts
    sources = {f.source: f for f in hash_fields}
    by_name = {f.name: f for f in fields}
    for source in sources:
        if source not in by_name:
            raise ValueError(f"{model._meta.label}: blind index source {source} is not rewritten.")
    names = [_column(f) for f in fields] + [_column(h) for h in hash_fields]
    pk = model._meta.pk
    assert pk is not None
    quote = connection.ops.quote_name
    for rows in _raw_batches(connection, model._meta.db_table, _column(pk), names, batch):
        updates: list[tuple[Any, ...]] = []
        for row in rows:
            counts.rows += 1
            values = list(row[1 : 1 + len(fields)])
            stored_hashes = list(row[1 + len(fields) :])
            new_values = list(values)
            for index, model_field in enumerate(fields):
                raw = values[index]
                if not raw:
                    continue
                new_values[index], what = transform(_column(model_field), raw)
                setattr(counts, what, getattr(counts, what) + 1)
                if new_values[index] != raw:
                    counts.by_field[model_field.name] = counts.by_field.get(model_field.name, 0) + 1
            new_hashes = list(stored_hashes)
            for index, hash_field in enumerate(hash_fields):
                source_index = fields.index(by_name[hash_field.source])
                plain = decrypt(new_values[source_index] or "", _label(by_name[hash_field.source]))
                new_hashes[index] = blind_index(plain, hash_field.kind)
                if new_hashes[index] != stored_hashes[index]:
                    counts.rehashed += 1
            if new_values != values or new_hashes != stored_hashes:
                counts.changed_rows += 1
                updates.append((*new_values, *new_hashes, row[0], *row[1:]))
        if updates and not dry_run:
            # Compare and set: a row the application changed since it was read keeps the
            # new value (written with the current key and its index by the model).
            assignments = ", ".join(f"{quote(n)} = %s" for n in names)
            unchanged = " AND ".join(f"{quote(n)} = %s" for n in names)
            sql = (
                f"UPDATE {quote(model._meta.db_table)} SET {assignments} "  # noqa: S608 -- names
                f"WHERE {quote(_column(pk))} = %s AND {unchanged}"
            )
            with connection.cursor() as cursor:
                cursor.executemany(sql, updates)
    return counts


def encrypt_or_rotate(column: str, raw: str) -> tuple[str, str]:
    """`transform` for rotation and forward data migrations: plain text is encrypted, a token
    of an older key is re-encrypted with the current key, a current token is left alone."""
    if not is_token(raw):
        return encrypt(raw), "encrypted"
    try:
        current_key().decrypt(raw.encode())
    except InvalidToken:
        try:
            return keyring().rotate(raw.encode()).decode(), "rotated"
        except InvalidToken as exc:
            raise DecryptionError(
                f"A value in column {column} cannot be decrypted with FIELD_ENCRYPTION_KEYS: "
                "add the key it was written with after the current one and run again."
            ) from exc
    return raw, "current"


def to_plain_text(column: str, raw: str) -> tuple[str, str]:
    """`transform` for reverse data migrations: tokens back to plain text."""
    if not is_token(raw):
        return raw, "current"
    return decrypt(raw, column), "encrypted"


def rotate_all(*, dry_run: bool = False, batch: int = 1000) -> dict[str, ColumnCounts]:
    """Re-encrypt every encrypted column of every installed model with the current key
    (plain text left by an interrupted migration is encrypted too) and recompute the blind
    indexes with FIELD_HASH_KEY. Idempotent: a second run finds everything current."""
    from django.apps import apps
    from django.db import connections, router

    results: dict[str, ColumnCounts] = {}
    for model in apps.get_models():
        if not encrypted_fields(model) or model._meta.proxy or not model._meta.managed:
            continue
        connection = connections[router.db_for_write(model)]
        counts = rewrite_columns(
            connection,
            model,
            encrypt_or_rotate,
            hashes=blind_index_fields(model),
            batch=batch,
            dry_run=dry_run,
        )
        results[model._meta.label] = counts
        logger.info(
            "encryption.rotate model=%s rows=%d rotated=%d encrypted=%d current=%d "
            "rehashed=%d changed_rows=%d dry_run=%s",
            model._meta.label,
            counts.rows,
            counts.rotated,
            counts.encrypted,
            counts.current,
            counts.rehashed,
            counts.changed_rows,
            dry_run,
        )
    return results


def migrate_model(
    model_label: str, *, hashes: tuple[str, ...] = (), reverse: bool = False
) -> Callable[[Any, Any], None]:
    """A RunPython function encrypting (or, reversed, decrypting) every encrypted column of
    one historical model and filling its blind indexes named in `hashes`."""

    def run(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(model_label)
        hash_fields = [model._meta.get_field(name) for name in hashes]
        rewrite_columns(
            schema_editor.connection,
            model,
            to_plain_text if reverse else encrypt_or_rotate,
            columns=encrypted_fields(model),
            hashes=[] if reverse else hash_fields,
        )

    return run
