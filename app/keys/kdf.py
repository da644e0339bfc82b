"""Passphrase → key derivation with Argon2id (PyNaCl / libsodium).

The parameters are stored in each key slot, so a slot made on a fast PC still opens on a
slow one, and better parameters can be adopted later without breaking old slots.
"""

from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass

import nacl.pwhash

KEY_BYTES = 32
SALT_BYTES = nacl.pwhash.argon2id.SALTBYTES
ALGORITHM = "argon2id13"
# 256 MiB costs an attacker far more per guess than CPU time alone; an old office PC
# with 4 GB of memory can still spare it for half a second.
DEFAULT_MEMLIMIT = 256 * 1024 * 1024
MIN_OPSLIMIT = 3
TARGET_SECONDS = 0.5


@dataclass(frozen=True)
class KdfParams:
    opslimit: int
    memlimit: int
    algorithm: str = ALGORITHM


# Weak on purpose: tests and benchmarks only. Slots record their parameters, so a store
# made with these never pretends to be strong.
FAST_FOR_TESTS = KdfParams(
    opslimit=nacl.pwhash.argon2id.OPSLIMIT_MIN, memlimit=nacl.pwhash.argon2id.MEMLIMIT_MIN
)


def normalise_secret(secret: str) -> bytes:
    # NFC, so the same passphrase typed with a different keyboard composes the same bytes.
    return unicodedata.normalize("NFC", secret).encode("utf-8")


def derive(secret: str, salt: bytes, params: KdfParams) -> bytes:
    if params.algorithm != ALGORITHM:
        raise ValueError(f"unknown key derivation {params.algorithm!r}")
    return nacl.pwhash.argon2id.kdf(
        KEY_BYTES,
        normalise_secret(secret),
        salt,
        opslimit=params.opslimit,
        memlimit=params.memlimit,
    )


def calibrate(
    target_seconds: float = TARGET_SECONDS, memlimit: int = DEFAULT_MEMLIMIT
) -> KdfParams:
    """Choose opslimit so one derivation takes about `target_seconds` on this PC."""
    probe = KdfParams(MIN_OPSLIMIT, memlimit)
    # The first run in a process also pays for touching fresh memory (about 20 % more);
    # time the second, which is what every later unlock costs.
    derive("calibration", bytes(SALT_BYTES), probe)
    start = time.perf_counter()
    derive("calibration", bytes(SALT_BYTES), probe)
    elapsed = max(time.perf_counter() - start, 1e-3)
    ops = max(MIN_OPSLIMIT, round(MIN_OPSLIMIT * target_seconds / elapsed))
    return KdfParams(min(ops, 64), memlimit)
