"""webhook_signing.py: Ed25519 against RFC 8032's test vectors and PyNaCl, and Telnyx's webhook headers."""

import base64
import hashlib
import random

import pytest
import webhook_signing
from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

# RFC 8032 section 7.1: (secret key, public key, message, signature), all hex.
RFC_8032_VECTORS = [
    pytest.param(
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
        "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        id="TEST 1",
    ),
    pytest.param(
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
        "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        id="TEST 2",
    ),
    pytest.param(
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
        "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
        id="TEST 3",
    ),
    pytest.param(
        "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
        "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
        hashlib.sha512(b"abc").hexdigest(),
        "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
        "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704",
        id="TEST SHA(abc)",
    ),
]


@pytest.mark.parametrize(("secret", "public", "message", "signature"), RFC_8032_VECTORS)
def test_rfc_8032_vectors(secret, public, message, signature):
    seed, message = bytes.fromhex(secret), bytes.fromhex(message)
    assert webhook_signing.public_key(seed).hex() == public
    assert webhook_signing.sign(seed, message).hex() == signature
    assert webhook_signing.verify(bytes.fromhex(public), message, bytes.fromhex(signature))


def test_rfc_8032_test_1024_key_pair():
    seed = bytes.fromhex("f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5")
    assert webhook_signing.public_key(seed).hex() == "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e"


def test_signatures_match_pynacl_for_random_keys_and_messages():
    chooser = random.Random(8032)  # fixed, so a failure can be replayed
    for length in (0, 1, 31, 32, 33, 64, 200, 1000):
        seed, message = chooser.randbytes(32), chooser.randbytes(length)
        ours = webhook_signing.sign(seed, message)
        signing_key = SigningKey(seed)
        assert webhook_signing.public_key(seed) == bytes(signing_key.verify_key)
        assert ours == signing_key.sign(message).signature  # Ed25519 is deterministic
        assert signing_key.verify_key.verify(message, ours) == message
        assert webhook_signing.verify(bytes(signing_key.verify_key), message, ours)


def test_verify_refuses_a_changed_message_signature_or_key():
    seed, message = bytes(range(32)), b"fax.delivered"
    public, signature = webhook_signing.public_key(seed), webhook_signing.sign(seed, message)
    flipped = bytes([signature[0] ^ 1]) + signature[1:]
    assert not webhook_signing.verify(public, message + b" ", signature)
    assert not webhook_signing.verify(public, message, flipped)
    assert not webhook_signing.verify(webhook_signing.public_key(bytes(32)), message, signature)
    assert not webhook_signing.verify(public, message, signature[:63])
    # S >= L is refused (RFC 8032 5.1.7), though S + L would pass the group equation.
    s_plus_l = (int.from_bytes(signature[32:], "little") + webhook_signing.L).to_bytes(32, "little")
    assert not webhook_signing.verify(public, message, signature[:32] + s_plus_l)
    with pytest.raises(BadSignatureError):
        VerifyKey(public).verify(message, flipped)


def test_the_test_key_pair_is_the_documented_one():
    assert webhook_signing.TEST_SEED == bytes.fromhex(webhook_signing.TEST_SEED_HEX)
    assert bytes(SigningKey(webhook_signing.TEST_SEED).verify_key) == webhook_signing.TEST_PUBLIC_KEY
    assert webhook_signing.TEST_PUBLIC_KEY_B64 == "V67DgXJWGF20fvdYdr3gKNLE9rZ2sUQ9bDXQaenVqzY="


def test_signature_headers_sign_timestamp_bar_body_as_pynacl_checks_it():
    body = '{"data": {"event_type": "fax.queued"}}'
    headers = webhook_signing.signature_headers(body, timestamp=1700000000)
    assert headers["telnyx-timestamp"] == "1700000000"
    signature = base64.b64decode(headers["telnyx-signature-ed25519"], validate=True)
    VerifyKey(webhook_signing.TEST_PUBLIC_KEY).verify(f"1700000000|{body}".encode(), signature)
    assert webhook_signing.check_signature(body, headers, now=1700000000) is None
    assert (
        webhook_signing.check_signature(body.encode(), {k.upper(): v for k, v in headers.items()}, now=1700000100)
        is None
    )


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda body, headers: (body + " ", headers), "does not match"),
        (lambda body, headers: (body, {**headers, "telnyx-timestamp": "1700000001"}), "does not match"),
        (lambda body, headers: (body, {"telnyx-timestamp": "1700000000"}), "missing"),
        (lambda body, headers: (body, {**headers, "telnyx-timestamp": "17e8"}), "not a Unix time"),
        (lambda body, headers: (body, {**headers, "telnyx-signature-ed25519": "%%%"}), "not valid Base64"),
    ],
)
def test_check_signature_says_what_is_wrong(change, problem):
    body = '{"a": 1}'
    changed_body, changed_headers = change(body, webhook_signing.signature_headers(body, timestamp=1700000000))
    assert problem in webhook_signing.check_signature(changed_body, changed_headers, now=1700000000)


def test_check_signature_refuses_a_timestamp_more_than_five_minutes_away():
    headers = webhook_signing.signature_headers("{}", timestamp=1700000000)
    assert webhook_signing.check_signature("{}", headers, now=1700000300) is None
    assert "more than 300 s" in webhook_signing.check_signature("{}", headers, now=1700000301)
    assert "more than 300 s" in webhook_signing.check_signature("{}", headers, now=1699999699)
