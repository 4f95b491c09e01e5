/*
 * OpenBLAS's cblas_sgemm called directly from C, timed exactly as `descent bench --workload
 * sgemm` times Descent's backend: for n = 512, 1024, 2048, C ← A·B on n×n row-major matrices
 * with entries in [-1, 1), one warm-up product, then at least REPEATS products and a quarter
 * of a second, and the median rate 2·n³/seconds.
 *
 *     cc -O2 -o sgemm sgemm.c -ldl && OPENBLAS_CORETYPE=SkylakeX ./sgemm [library] [repeats]
 *
 * The library is opened with dlopen (default libopenblas.so.0), as Descent does, so no BLAS
 * headers or development package are needed. Set OPENBLAS_NUM_THREADS and OPENBLAS_CORETYPE
 * as for Descent (Descent names the core from the CPU flags when OPENBLAS_CORETYPE is unset).
 * Prints: workload=sgemm path=c-openblas n=1024 gflops=…
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef void (*sgemm_function)(int, int, int, int, int, int, float, const float *, int,
                               const float *, int, float, float *, int);

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    const char *library = argc > 1 ? argv[1] : "libopenblas.so.0";
    int repeats = argc > 2 ? atoi(argv[2]) : 3;
    void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    sgemm_function sgemm = handle ? (sgemm_function)dlsym(handle, "cblas_sgemm") : NULL;
    if (!sgemm) {
        fprintf(stderr, "error: cannot load cblas_sgemm from %s\n", library);
        return 2;
    }
    const int sizes[] = {512, 1024, 2048};
    for (int s = 0; s < 3; s++) {
        int n = sizes[s];
        float *a = malloc(sizeof(float) * n * n), *b = malloc(sizeof(float) * n * n), *c = malloc(sizeof(float) * n * n);
        unsigned state = 1;
        for (long i = 0; i < (long)n * n; i++) {
            state = state * 1664525u + 1013904223u;
            a[i] = (float)(state >> 8) / 8388608.0f - 1.0f;
            state = state * 1664525u + 1013904223u;
            b[i] = (float)(state >> 8) / 8388608.0f - 1.0f;
        }
        /* CblasRowMajor = 101, CblasNoTrans = 111 */
        sgemm(101, 111, 111, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
        double times[100000], elapsed = 0;
        int count = 0;
        while ((count < repeats || elapsed < 0.25) && count < 100000) {
            double start = now();
            sgemm(101, 111, 111, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
            times[count] = now() - start;
            elapsed += times[count++];
        }
        qsort(times, count, sizeof(double), compare);
        printf("workload=sgemm path=c-openblas n=%d gflops=%.1f\n", n, 2.0 * n * n * n / times[count / 2] / 1e9);
        free(a); free(b); free(c);
    }
    return 0;
}
