/* A library that says it is leadbook of another version (9.1.0), for the
 * Python package's tests of what it does when it finds one: it reports the
 * version and has none of the other functions. */
#include <stddef.h>

__attribute__((visibility("default"))) const char *leadbook_version(void);
__attribute__((visibility("default"))) int leadbook_version_number(void);

const char *leadbook_version(void) { return "9.1.0"; }

int leadbook_version_number(void) { return 90100; }
