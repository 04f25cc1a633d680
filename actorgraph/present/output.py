"""Writing files so that a failure leaves nothing half-written."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from actorgraph.errors import ActorgraphError

__all__ = ["write_atomically", "write_output"]


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename it.

    >>> target = tmp / "out.ttl"
    >>> write_atomically(target, b"<a> <b> <c> .")
    >>> target.read_bytes()
    b'<a> <b> <c> .'
    """
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise ActorgraphError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # mkstemp makes the file private (0600); give it the mode a plain open() would have
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ActorgraphError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_output(output: str, data: bytes) -> None:
    """Write a command's bytes to a file (atomically) or, for ``-``, to standard output."""
    if output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomically(Path(output), data)
