"""Looking into the letterbox folder, for tests."""

from pathlib import Path


def letters_in(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.letter")) if folder.exists() else []


def no_canary_in(root: Path, canary: str) -> bool:
    needles = (canary.encode(), canary.encode("utf-16-le"))
    return not [
        p for p in root.rglob("*") if p.is_file() and any(n in p.read_bytes() for n in needles)
    ]
