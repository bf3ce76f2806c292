"""Build the site: `python build.py` is `baton build content -o site`."""

import sys

from generator.cli import main

if __name__ == "__main__":
    sys.exit(main(["build", *sys.argv[1:]]))
