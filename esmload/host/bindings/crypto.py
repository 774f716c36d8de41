"""The binding of `crypto` (and of the web `crypto` global): digests, HMAC, key derivation and
random bytes, on Python's `hashlib`, `hmac` and `os.urandom`.

A running hash or HMAC is a dict of closures over the Python object (`update`, `digest`,
`copy`): JavaScript keeps it as a plain object and the Python object goes when that does. The
slow functions (random bytes, pbkdf2, scrypt, hkdf) have an `…Async(callback, …)` form that
runs on a worker thread.

Algorithm names follow OpenSSL's, which Node uses: case does not matter and the signature
aliases (`RSA-SHA256`, `sha256WithRSAEncryption`) name the same digests.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from esmload.errors import EsmloadError

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from esmload.engine.core import JSRef
    from esmload.host.bindings import BindingHost

# OpenSSL's digest names (lower case) → hashlib's
_DIGESTS = {
    "md5": "md5",
    "sha1": "sha1",
    "sha224": "sha224",
    "sha256": "sha256",
    "sha384": "sha384",
    "sha512": "sha512",
    "sha512-224": "sha512_224",
    "sha512-256": "sha512_256",
    "sha3-224": "sha3_224",
    "sha3-256": "sha3_256",
    "sha3-384": "sha3_384",
    "sha3-512": "sha3_512",
    "shake128": "shake_128",
    "shake256": "shake_256",
    "blake2b512": "blake2b",
    "blake2s256": "blake2s",
    "ripemd160": "ripemd160",
    "md5-sha1": "md5-sha1",
    "sm3": "sm3",
}
_ALIASES = {
    "sha-1": "sha1", "sha-224": "sha224", "sha-256": "sha256", "sha-384": "sha384",
    "sha-512": "sha512", "sha2-224": "sha224", "sha2-256": "sha256", "sha2-384": "sha384",
    "sha2-512": "sha512", "sha512/224": "sha512-224", "sha512/256": "sha512-256",
    "sha-512/224": "sha512-224", "sha-512/256": "sha512-256", "sha2-512/224": "sha512-224",
    "sha2-512/256": "sha512-256", "ripemd": "ripemd160", "rmd160": "ripemd160",
    "ripemd-160": "ripemd160", "ssl3-md5": "md5", "ssl3-sha1": "sha1", "sha1-2": "sha1",
    "shake-128": "shake128", "shake-256": "shake256", "ripemd160withrsa": "ripemd160",
    "id-rsassa-pkcs1-v1_5-with-sha3-224": "sha3-224",
    "id-rsassa-pkcs1-v1_5-with-sha3-256": "sha3-256",
    "id-rsassa-pkcs1-v1_5-with-sha3-384": "sha3-384",
    "id-rsassa-pkcs1-v1_5-with-sha3-512": "sha3-512",
}  # fmt: skip
# the default output length of the extendable-output functions (bytes)
_XOF_LENGTH = {"shake_128": 16, "shake_256": 32}


class CryptoError(EsmloadError):
    """A refusal of the binding that JS turns into Node's error (`code` says which)."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


def digest_name(name: str) -> str | None:
    """hashlib's name of an OpenSSL digest name, or None when there is no such digest."""
    key = name.lower()
    if key.startswith("rsa-"):
        key = key[4:]
    if key.endswith("withrsaencryption"):
        key = key[: -len("withrsaencryption")]
    key = _ALIASES.get(key, key)
    found = _DIGESTS.get(key)
    if found is None or found not in hashlib.algorithms_available:
        return None
    return found


def _new_hash(name: str) -> Any:
    return hashlib.new(name)


def _hash_handle(state: Any, length: int | None) -> dict[str, Callable[..., Any]]:
    xof = state.name in _XOF_LENGTH

    def update(data: bytes) -> None:
        state.update(data)

    def digest() -> bytes:
        if xof:
            return bytes(state.digest(length))
        return bytes(state.digest())

    def copy(new_length: int | None = None) -> dict[str, Callable[..., Any]]:
        return _hash_handle(state.copy(), length if new_length is None else new_length)

    return {"update": update, "digest": digest, "copy": copy}


def hash_new(algorithm: str, length: int | None = None) -> dict[str, Callable[..., Any]] | None:
    """A running hash, or None when `algorithm` is not a digest."""
    name = digest_name(algorithm)
    if name is None:
        return None
    if length is None:
        length = _XOF_LENGTH.get(name)
    return _hash_handle(_new_hash(name), length)


def hash_sizes(algorithm: str) -> list[int] | None:
    """[digest size, block size] of a digest, or None."""
    name = digest_name(algorithm)
    if name is None:
        return None
    state = _new_hash(name)
    return [state.digest_size or _XOF_LENGTH.get(name, 0), state.block_size]


def hash_once(algorithm: str, data: bytes) -> bytes | None:
    name = digest_name(algorithm)
    if name is None:
        return None
    state = _new_hash(name)
    state.update(data)
    if name in _XOF_LENGTH:
        return bytes(state.digest(_XOF_LENGTH[name]))
    return bytes(state.digest())


def _hmac_handle(state: hmac.HMAC) -> dict[str, Callable[..., Any]]:
    def update(data: bytes) -> None:
        state.update(data)

    def digest() -> bytes:
        return state.digest()

    def copy() -> dict[str, Callable[..., Any]]:
        return _hmac_handle(state.copy())

    return {"update": update, "digest": digest, "copy": copy}


def hmac_new(algorithm: str, key: bytes) -> dict[str, Callable[..., Any]] | None:
    name = digest_name(algorithm)
    if name is None or name in _XOF_LENGTH:
        return None
    return _hmac_handle(hmac.new(key, digestmod=name))


def hmac_once(algorithm: str, key: bytes, data: bytes) -> bytes | None:
    name = digest_name(algorithm)
    if name is None or name in _XOF_LENGTH:
        return None
    return hmac.new(key, data, digestmod=name).digest()


# ------------------------------------------------------------------ key derivation


def _pbkdf2(digest: str, password: bytes, salt: bytes, iterations: int, keylen: int) -> bytes:
    name = digest_name(digest)
    if name is None or name in _XOF_LENGTH:
        raise CryptoError("ERR_CRYPTO_INVALID_DIGEST", f"Invalid digest: {digest}")
    if keylen == 0:
        return b""
    return hashlib.pbkdf2_hmac(name, password, salt, iterations, keylen)


_INT_MAX = 2**31 - 1


def _scrypt(
    password: bytes, salt: bytes, keylen: int, n: int, r: int, p: int, maxmem: int
) -> bytes:
    if keylen == 0:
        return b""
    try:
        return hashlib.scrypt(
            password, salt=salt, n=n, r=r, p=p, maxmem=min(maxmem, _INT_MAX), dklen=keylen
        )
    except (ValueError, OverflowError) as exc:
        text = str(exc)
        if "memory limit" in text:
            message = (
                "Invalid scrypt params: "
                "error:030000AC:digital envelope routines::memory limit exceeded"
            )
        else:
            message = "Invalid scrypt params"
        raise CryptoError("ERR_CRYPTO_INVALID_SCRYPT_PARAMS", message) from None


def _hkdf(digest: str, key: bytes, salt: bytes, info: bytes, keylen: int) -> bytes:
    """RFC 5869: extract a pseudorandom key, then expand it to `keylen` bytes."""
    name = digest_name(digest)
    if name is None or name in _XOF_LENGTH:
        raise CryptoError("ERR_CRYPTO_INVALID_DIGEST", f"Invalid digest: {digest}")
    size = hashlib.new(name).digest_size
    if keylen > 255 * size:
        raise CryptoError("ERR_CRYPTO_INVALID_KEYLEN", "Invalid key length")
    prk = hmac.new(salt or bytes(size), key, digestmod=name).digest()
    out = b""
    block = b""
    counter = 1
    while len(out) < keylen:
        block = hmac.new(prk, block + info + bytes((counter,)), digestmod=name).digest()
        out += block
        counter += 1
    return out[:keylen]


# ------------------------------------------------------------------ the binding


def make_binding(host: BindingHost) -> dict[str, Callable[..., Any]]:
    def deferred(fn: Callable[..., Any]) -> Callable[..., None]:
        def run(callback: JSRef, *args: Any) -> None:
            host.defer(lambda: fn(*args), callback)

        return run

    return {
        "hashNew": hash_new,
        "hashSizes": hash_sizes,
        "hashOnce": hash_once,
        "hmacNew": hmac_new,
        "hmacOnce": hmac_once,
        "randomBytes": os.urandom,
        "randomBytesAsync": deferred(os.urandom),
        "pbkdf2": _pbkdf2,
        "pbkdf2Async": deferred(_pbkdf2),
        "scrypt": _scrypt,
        "scryptAsync": deferred(_scrypt),
        "hkdf": _hkdf,
        "hkdfAsync": deferred(_hkdf),
        "timingSafeEqual": hmac.compare_digest,
        "digestAsync": deferred(hash_once),
        "hmacAsync": deferred(hmac_once),
    }
