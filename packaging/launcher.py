"""The frozen program's first module: PyInstaller needs a script, the app has a package entry."""

import sys

from app.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
