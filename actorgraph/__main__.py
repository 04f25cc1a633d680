"""``python -m actorgraph``."""

from actorgraph.cli import main

main()
