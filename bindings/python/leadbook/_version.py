"""The version of this package: the version of the leadbook release it
belongs to, and of the C library it loads (same major and minor version).
CMake's project version and this one are checked against each other by
the ``python_version`` test."""

__version__ = "0.4.0"
