# Reads capi/leadbook.h for Doxygen: the header's plain C comments become
# documentation comments, so the reference shows them without the header
# needing a second comment style. The file's opening comment describes the
# file; a comment before a declaration describes it; a comment after an
# enumerator describes the enumerator; section rules ("/* ---- ... */")
# stay plain comments.
1s|^/\* |/** @file leadbook.h\n * |
2,$s|^/\* \([^-]\)|/** \1|
s|^\( *[A-Z][A-Z0-9_]* = [0-9][0-9]*, *\)/\* |\1/**< |
