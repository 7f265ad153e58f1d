"""Ed25519 (RFC 8032) in plain Python, and the way Telnyx signs webhooks with it.

Standard library only (hashlib.sha512 and integers), so the simulator and the webhook
receiver run anywhere. It is written for tests, not for secrets: it is not constant-time.

Telnyx signs each webhook with Ed25519 and sends two headers:

- ``telnyx-timestamp``: the Unix time in seconds, as a decimal string;
- ``telnyx-signature-ed25519``: the Base64 signature of ``f"{timestamp}|{body}"``, where
  body is the request body exactly as sent.

The simulator signs with a fixed test key pair (TEST_SEED_HEX below), so tests and a user's own
receiver can check signatures with TEST_PUBLIC_KEY_B64. Never use it for anything real: the
private seed is published here and in README.md.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import time

# --- the curve: edwards25519 (RFC 8032 section 5.1) -------------------------------------------

P = 2**255 - 19  # the field
L = 2**252 + 27742317777372353535851937790883648493  # the order of the base point
D = -121665 * pow(121666, P - 2, P) % P  # the curve constant d = -121665/121666
SQRT_M1 = pow(2, (P - 1) // 4, P)  # a square root of -1


def _inverse(value):
    return pow(value, P - 2, P)


def _recover_x(y, sign):
    """The x with the given low bit on the curve at y, or None (RFC 8032 5.1.3 step 2 to 4)."""
    if y >= P:
        return None
    u = (y * y - 1) % P
    v = (D * y * y + 1) % P
    x = u * pow(v, 3, P) * pow(u * pow(v, 7, P), (P - 5) // 8, P) % P
    if (v * x * x - u) % P:
        if (v * x * x + u) % P:
            return None
        x = x * SQRT_M1 % P
    if x == 0 and sign:
        return None
    return P - x if (x & 1) != sign else x


# Points in extended coordinates (X, Y, Z, T) with x = X/Z, y = Y/Z and x * y = T/Z.
_BASE_Y = 4 * _inverse(5) % P
_BASE_X = _recover_x(_BASE_Y, 0)
BASE = (_BASE_X, _BASE_Y, 1, _BASE_X * _BASE_Y % P)
IDENTITY = (0, 1, 1, 0)


def _add(first, second):
    """The sum of two points (RFC 8032 5.1.4, the unified addition formula)."""
    x1, y1, z1, t1 = first
    x2, y2, z2, t2 = second
    a = (y1 - x1) * (y2 - x2) % P
    b = (y1 + x1) * (y2 + x2) % P
    c = 2 * t1 * t2 * D % P
    d = 2 * z1 * z2 % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _double(point):
    """Twice a point (RFC 8032 5.1.4, the dedicated doubling formula)."""
    x1, y1, z1, _t1 = point
    a = x1 * x1 % P
    b = y1 * y1 % P
    c = 2 * z1 * z1 % P
    h = a + b
    e = h - (x1 + y1) ** 2
    g = a - b
    f = c + g
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _multiply(scalar, point):
    """scalar * point, by doubling and adding from the highest bit down."""
    result = IDENTITY
    for bit in reversed(range(scalar.bit_length())):
        result = _double(result)
        if (scalar >> bit) & 1:
            result = _add(result, point)
    return result


def _same_point(first, second):
    x1, y1, z1, _t1 = first
    x2, y2, z2, _t2 = second
    return (x1 * z2 - x2 * z1) % P == 0 and (y1 * z2 - y2 * z1) % P == 0


def _encode(point):
    """32 bytes: y little-endian, with the low bit of x in the top bit (RFC 8032 5.1.2)."""
    x, y, z, _t = point
    z_inverse = _inverse(z)
    x, y = x * z_inverse % P, y * z_inverse % P
    return (y | (x & 1) << 255).to_bytes(32, "little")


def _decode(data):
    """The point 32 bytes encode, or None if they encode none (RFC 8032 5.1.3)."""
    if len(data) != 32:
        return None
    number = int.from_bytes(data, "little")
    y, sign = number & ((1 << 255) - 1), number >> 255
    x = _recover_x(y, sign)
    if x is None:
        return None
    return (x, y, 1, x * y % P)


def _hash_int(*parts):
    return int.from_bytes(hashlib.sha512(b"".join(parts)).digest(), "little")


def _expand_seed(seed):
    """The secret scalar and the nonce prefix of a 32-byte seed (RFC 8032 5.1.5)."""
    if len(seed) != 32:
        raise ValueError("an Ed25519 private key (seed) is 32 bytes")
    digest = hashlib.sha512(seed).digest()
    scalar = int.from_bytes(digest[:32], "little")
    scalar &= (1 << 254) - 8  # clear the lowest three bits and the highest bit
    scalar |= 1 << 254  # set the second highest bit
    return scalar, digest[32:]


# --- Ed25519 ---------------------------------------------------------------------------------


def public_key(seed):
    """The 32-byte public key of a 32-byte private key (seed)."""
    scalar, _prefix = _expand_seed(seed)
    return _encode(_multiply(scalar, BASE))


def sign(seed, message):
    """The 64-byte Ed25519 signature of message (bytes) with the private key seed (RFC 8032 5.1.6)."""
    scalar, prefix = _expand_seed(seed)
    encoded_public = _encode(_multiply(scalar, BASE))
    nonce = _hash_int(prefix, message) % L
    encoded_r = _encode(_multiply(nonce, BASE))
    challenge = _hash_int(encoded_r, encoded_public, message) % L
    s = (nonce + challenge * scalar) % L
    return encoded_r + s.to_bytes(32, "little")


def verify(public, message, signature):
    """Whether signature is a valid Ed25519 signature of message by public (RFC 8032 5.1.7)."""
    if len(public) != 32 or len(signature) != 64:
        return False
    point_a, point_r = _decode(public), _decode(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if point_a is None or point_r is None or s >= L:
        return False
    challenge = _hash_int(signature[:32], public, message) % L
    # The cofactored check of the RFC: [8][S]B = [8]R + [8][k]A.
    left = _multiply(8 * s, BASE)
    right = _multiply(8, _add(point_r, _multiply(challenge, point_a)))
    return _same_point(left, right)


# --- the simulator's webhook key and Telnyx's webhook headers --------------------------------

# A published test key: anyone can sign with it, so it proves nothing outside tests.
TEST_SEED_HEX = "5e1ec7ed7e1e0fa8c0ffee5e1ec7ed7e1e0fa8c0ffee5e1ec7ed7e1e0fa8c0ff"
TEST_SEED = bytes.fromhex(TEST_SEED_HEX)
TEST_PUBLIC_KEY = public_key(TEST_SEED)
TEST_PUBLIC_KEY_B64 = base64.b64encode(TEST_PUBLIC_KEY).decode()

TIMESTAMP_HEADER = "telnyx-timestamp"
SIGNATURE_HEADER = "telnyx-signature-ed25519"
# The official SDK refuses a webhook whose timestamp is further than this from its clock.
TOLERANCE_SECS = 300


def signed_message(timestamp, body):
    """What Telnyx signs: b"<timestamp>|<body>"; body is str or bytes, exactly as sent."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    return str(timestamp).encode("ascii") + b"|" + body


def signature_headers(body, *, seed=TEST_SEED, timestamp=None):
    """The two signing headers for a webhook body, signed now (or at timestamp, Unix seconds)."""
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    signature = sign(seed, signed_message(timestamp, body))
    return {TIMESTAMP_HEADER: str(timestamp), SIGNATURE_HEADER: base64.b64encode(signature).decode()}


def check_signature(body, headers, *, public_key_b64=TEST_PUBLIC_KEY_B64, now=None, tolerance=TOLERANCE_SECS):
    """None if the webhook's headers sign body with the key, else what is wrong (a sentence).

    headers: any mapping; names are compared case-insensitively. The timestamp must be
    within tolerance seconds of now, as the official SDK requires.
    """
    lowered = {name.lower(): value for name, value in headers.items()}
    timestamp, signature_b64 = lowered.get(TIMESTAMP_HEADER), lowered.get(SIGNATURE_HEADER)
    if timestamp is None or signature_b64 is None:
        return f"the {TIMESTAMP_HEADER} or {SIGNATURE_HEADER} header is missing"
    if not (timestamp.isascii() and timestamp.isdigit()):
        return f"{TIMESTAMP_HEADER} is not a Unix time in seconds: {timestamp!r}"
    now = time.time() if now is None else now
    if abs(now - int(timestamp)) > tolerance:
        return f"{TIMESTAMP_HEADER} {timestamp} is more than {tolerance} s away from now"
    try:
        public = base64.b64decode(public_key_b64, validate=True)
        signature = base64.b64decode(signature_b64, validate=True)
    except (binascii.Error, ValueError):
        return "the key or the signature is not valid Base64"
    if not verify(public, signed_message(timestamp, body), signature):
        return "the signature does not match the body"
    return None
