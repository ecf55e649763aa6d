/* What the C tests of the C ABI share: CHECK, a scratch folder, and the
 * "N passed, N failed" summary. Each test program includes it once. */
#ifndef LEADBOOK_C_TEST_SUPPORT_H
#define LEADBOOK_C_TEST_SUPPORT_H

#include "leadbook.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int passed = 0;
static int failed = 0;
/* The name of the running test, printed with each failed check. */
static const char *current = "";

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (cond) {                                                                                \
            ++passed;                                                                              \
        } else {                                                                                   \
            ++failed;                                                                              \
            fprintf(stderr, "%s:%d: [%s] check failed: %s (last error: %s)\n", __FILE__, __LINE__, \
                    current, #cond, leadbook_last_error());                                        \
        }                                                                                          \
    } while (0)

static char work_dir[1024];

static inline void path_in_work(char *out, size_t size, const char *name) {
    snprintf(out, size, "%s/%s", work_dir, name);
}

static inline int contains(const char *text, const char *part) {
    return text != NULL && strstr(text, part) != NULL;
}

/* Makes the scratch folder named by the first argument ("." without one);
 * returns 0, or 2 (the exit status) when it cannot be made. */
static inline int start_tests(int argc, char **argv) {
    snprintf(work_dir, sizeof work_dir, "%s", argc > 1 ? argv[1] : ".");
    if (mkdir(work_dir, 0755) != 0 && errno != EEXIST) {
        perror(work_dir);
        return 2;
    }
    return 0;
}

/* Prints the summary; returns the exit status. */
static inline int finish_tests(void) {
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

#endif /* LEADBOOK_C_TEST_SUPPORT_H */
