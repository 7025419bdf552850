"""Bantin's one command for editors and CI: `python build.py --help`."""

import sys
from pathlib import Path

# Run from a checkout without installing: the package lives in plugins/.
sys.path.insert(0, str(Path(__file__).resolve().parent / "plugins"))

from bantin.cli import entry  # noqa: E402

if __name__ == "__main__":
    entry()
