"""The ``actorgraph`` command (the console script, and ``python -m actorgraph``).

A command's start-up allocates many objects and frees almost none: the garbage collector stays off
while the command line's modules load, and what they made is frozen out of later collections, the
last one at exit included (a lookup starts about 15 % sooner; see benchmarks/bench_query.py).
"""

import gc

__all__ = ["main"]


def main() -> None:
    """Run the command line (:func:`actorgraph.cli.main`) with the collector spared the start-up's objects."""
    gc.disable()
    from actorgraph.cli import main as command_line

    gc.freeze()
    gc.enable()
    try:
        command_line()
    finally:
        gc.freeze()  # the exit's collection has nothing left to walk


if __name__ == "__main__":
    main()
