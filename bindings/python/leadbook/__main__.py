"""``python -m leadbook``: the package's version, and which C library it
found, where, and of which version."""

import sys

from . import _native, __version__


def main() -> int:
    """Prints what ``python -m leadbook`` prints; returns the exit status."""
    print(f"leadbook Python package {__version__} ({_native.package_dir()})")
    print(f"leadbook C library {_native.library_version}: {_native.library_path}")
    if _native.looked_at:
        print("passed over before it:")
        for line in _native.looked_at:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
