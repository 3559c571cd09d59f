"""The SSH keys a channel holds as text: the server's pinned public key and our private key."""

import binascii
import io
from contextlib import suppress

import paramiko
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

from config.transport.base import TransportError

# The host key algorithms that present each pinned key type: an RSA key signs as rsa-sha2-*.
HOST_KEY_ALGORITHMS = {
    "ssh-ed25519": ("ssh-ed25519",),
    "ssh-rsa": ("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"),
    "ecdsa-sha2-nistp256": ("ecdsa-sha2-nistp256",),
    "ecdsa-sha2-nistp384": ("ecdsa-sha2-nistp384",),
    "ecdsa-sha2-nistp521": ("ecdsa-sha2-nistp521",),
}


def host_key_parse(line: str) -> paramiko.PKey:
    """The key of an OpenSSH public-key line; known_hosts lines ("host ssh-ed25519 AAAA") too."""
    tokens = line.split()
    for key_type, data in zip(tokens, tokens[1:], strict=False):
        if key_type in HOST_KEY_ALGORITHMS:
            with suppress(ValueError, paramiko.SSHException, paramiko.UnknownKeyType):
                return paramiko.PKey.from_type_string(key_type, binascii.a2b_base64(data))
    raise TransportError(
        "The channel's host key is not an OpenSSH public key line; paste the server's key as "
        "one line, e.g. 'ssh-ed25519 AAAAC3Nza...' (ask the partner, or run ssh-keyscan).",
        retryable=False,
    )


def private_key_parse(text: str) -> paramiko.PKey:
    """A paramiko key from OpenSSH or PEM (PKCS#1, PKCS#8, SEC1) text, unencrypted."""
    try:
        loaded = _crypto_private_key(text.strip().encode())
    except (ValueError, TypeError, paramiko.UnknownKeyType) as exc:
        raise TransportError(
            f"The channel's private key cannot be read ({exc}); paste an unencrypted ed25519, "
            "ECDSA or RSA private key in OpenSSH or PEM format.",
            retryable=False,
        ) from exc
    # paramiko reads every key type from the OpenSSH format, but PKCS#8 PEM for none of them.
    openssh = loaded.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption(),
    ).decode()
    return _paramiko_key_class(loaded).from_private_key(io.StringIO(openssh))


def _crypto_private_key(data: bytes) -> PrivateKeyTypes:
    if b"OPENSSH PRIVATE KEY" in data:
        return serialization.load_ssh_private_key(data, password=None)
    return serialization.load_pem_private_key(data, password=None)


def _paramiko_key_class(loaded: object) -> type[paramiko.PKey]:
    if isinstance(loaded, ed25519.Ed25519PrivateKey):
        return paramiko.Ed25519Key
    if isinstance(loaded, ec.EllipticCurvePrivateKey):
        return paramiko.ECDSAKey
    if isinstance(loaded, rsa.RSAPrivateKey):
        return paramiko.RSAKey
    raise TypeError(f"{type(loaded).__name__} keys are not supported")
