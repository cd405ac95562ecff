"""`python -m evals` is `accord eval`: the same options, and errors shown the same way."""

import sys

from rag.cli import main

sys.exit(main(["eval", *sys.argv[1:]]))
