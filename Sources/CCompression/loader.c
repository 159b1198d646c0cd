// Lazy, thread-safe loading of the system zlib, zstd and liblzma with dlopen/dlsym.
#include "ccompression.h"
#include "shim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

typedef struct cc_library_state {
    pthread_once_t once;
    int loaded;
    char message[512];
} cc_library_state;

static cc_library_state zlib_state = { PTHREAD_ONCE_INIT, 0, "" };
static cc_library_state zstd_state = { PTHREAD_ONCE_INIT, 0, "" };
static cc_library_state lzma_state = { PTHREAD_ONCE_INIT, 0, "" };
static cc_zlib_api zlib_api;
static cc_zstd_api zstd_api;
static cc_lzma_api lzma_api;

/// Opens the first loadable name; on failure records every dlerror() text in `state->message`.
static void *open_first(cc_library_state *state, const char *const *names) {
    size_t used = 0;
    state->message[0] = 0;
    for (const char *const *name = names; *name != NULL; name++) {
        void *handle = dlopen(*name, RTLD_NOW | RTLD_LOCAL);
        if (handle != NULL) return handle;
        const char *error = dlerror();
        int written = snprintf(state->message + used, sizeof(state->message) - used, "%s%s",
                               used == 0 ? "" : "; ", error != NULL ? error : *name);
        if (written > 0) used += (size_t)written;
        if (used >= sizeof(state->message)) break;
    }
    return NULL;
}

/// Resolves `symbol` into `*slot`; records a message and returns 0 when missing.
static int resolve(cc_library_state *state, void *handle, const char *library, const char *symbol, void **slot) {
    dlerror();
    *slot = dlsym(handle, symbol);
    if (*slot != NULL) return 1;
    const char *error = dlerror();
    snprintf(state->message, sizeof(state->message), "%s has no symbol %s%s%s", library, symbol,
             error != NULL ? ": " : "", error != NULL ? error : "");
    return 0;
}

#define RESOLVE(state, handle, library, api, name) \
    resolve(state, handle, library, #name, (void **)(void *)&(api).name)

static void load_zlib(void) {
#ifdef __APPLE__
    static const char *const names[] = { "libz.1.dylib", "libz.dylib", NULL };
#else
    static const char *const names[] = { "libz.so.1", "libz.so", NULL };
#endif
    void *handle = open_first(&zlib_state, names);
    if (handle == NULL) return;
    const char *lib = names[0];
    int ok = RESOLVE(&zlib_state, handle, lib, zlib_api, zlibVersion)
        && RESOLVE(&zlib_state, handle, lib, zlib_api, inflateInit2_)
        && RESOLVE(&zlib_state, handle, lib, zlib_api, inflate)
        && RESOLVE(&zlib_state, handle, lib, zlib_api, inflateReset)
        && RESOLVE(&zlib_state, handle, lib, zlib_api, inflateEnd)
        && RESOLVE(&zlib_state, handle, lib, zlib_api, deflateInit2_)
        && RESOLVE(&zlib_state, handle, lib, zlib_api, deflate)
        && RESOLVE(&zlib_state, handle, lib, zlib_api, deflateEnd);
    if (ok) {
        const char *version = zlib_api.zlibVersion();
        // The z_stream layout declared in shim.h is the zlib 1.x one.
        if (version == NULL || version[0] != '1') {
            snprintf(zlib_state.message, sizeof(zlib_state.message),
                     "%s has unsupported version %s (need 1.x)", lib, version != NULL ? version : "?");
            ok = 0;
        }
    }
    zlib_state.loaded = ok;
}

static void load_zstd(void) {
#ifdef __APPLE__
    static const char *const names[] = { "libzstd.1.dylib", "libzstd.dylib", NULL };
#else
    static const char *const names[] = { "libzstd.so.1", "libzstd.so", NULL };
#endif
    void *handle = open_first(&zstd_state, names);
    if (handle == NULL) return;
    const char *lib = names[0];
    zstd_state.loaded = RESOLVE(&zstd_state, handle, lib, zstd_api, ZSTD_createDCtx)
        && RESOLVE(&zstd_state, handle, lib, zstd_api, ZSTD_freeDCtx)
        && RESOLVE(&zstd_state, handle, lib, zstd_api, ZSTD_decompressStream)
        && RESOLVE(&zstd_state, handle, lib, zstd_api, ZSTD_createCCtx)
        && RESOLVE(&zstd_state, handle, lib, zstd_api, ZSTD_freeCCtx)
        && RESOLVE(&zstd_state, handle, lib, zstd_api, ZSTD_CCtx_setParameter)
        && RESOLVE(&zstd_state, handle, lib, zstd_api, ZSTD_compressStream2)
        && RESOLVE(&zstd_state, handle, lib, zstd_api, ZSTD_isError)
        && RESOLVE(&zstd_state, handle, lib, zstd_api, ZSTD_getErrorName)
        && RESOLVE(&zstd_state, handle, lib, zstd_api, ZSTD_getErrorCode)
        && RESOLVE(&zstd_state, handle, lib, zstd_api, ZSTD_minCLevel)
        && RESOLVE(&zstd_state, handle, lib, zstd_api, ZSTD_maxCLevel);
}

static void load_lzma(void) {
#ifdef __APPLE__
    static const char *const names[] = { "liblzma.5.dylib", "liblzma.dylib", NULL };
#else
    static const char *const names[] = { "liblzma.so.5", "liblzma.so", NULL };
#endif
    void *handle = open_first(&lzma_state, names);
    if (handle == NULL) return;
    const char *lib = names[0];
    lzma_state.loaded = RESOLVE(&lzma_state, handle, lib, lzma_api, lzma_stream_decoder)
        && RESOLVE(&lzma_state, handle, lib, lzma_api, lzma_code)
        && RESOLVE(&lzma_state, handle, lib, lzma_api, lzma_end);
}

const cc_zlib_api *cc_zlib(void) {
    pthread_once(&zlib_state.once, load_zlib);
    return zlib_state.loaded ? &zlib_api : NULL;
}

const cc_zstd_api *cc_zstd(void) {
    pthread_once(&zstd_state.once, load_zstd);
    return zstd_state.loaded ? &zstd_api : NULL;
}

const cc_lzma_api *cc_lzma(void) {
    pthread_once(&lzma_state.once, load_lzma);
    return lzma_state.loaded ? &lzma_api : NULL;
}

int cc_library_load(int library, const char **message) {
    const cc_library_state *state;
    int loaded;
    switch (library) {
    case CC_LIBRARY_ZLIB: loaded = cc_zlib() != NULL; state = &zlib_state; break;
    case CC_LIBRARY_ZSTD: loaded = cc_zstd() != NULL; state = &zstd_state; break;
    case CC_LIBRARY_LZMA: loaded = cc_lzma() != NULL; state = &lzma_state; break;
    default:
        if (message != NULL) *message = "unknown library";
        return 0;
    }
    if (message != NULL) *message = loaded ? NULL : state->message;
    return loaded;
}
