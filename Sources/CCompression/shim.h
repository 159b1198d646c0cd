// Private declarations of CCompression: the minimal zlib and zstd ABI (no system headers needed)
// and the table of functions resolved with dlsym.
#ifndef CCOMPRESSION_SHIM_H
#define CCOMPRESSION_SHIM_H

#include <stddef.h>

// MARK: zlib 1.2.x ABI (LP64: unsigned long is 64-bit, unsigned int 32-bit)

typedef struct cc_z_stream {
    const unsigned char *next_in;
    unsigned int avail_in;
    unsigned long total_in;
    unsigned char *next_out;
    unsigned int avail_out;
    unsigned long total_out;
    const char *msg;
    void *state;
    void *zalloc;
    void *zfree;
    void *opaque;
    int data_type;
    unsigned long adler;
    unsigned long reserved;
} cc_z_stream;

#define CC_Z_NO_FLUSH 0
#define CC_Z_FINISH 4
#define CC_Z_DEFLATED 8

typedef struct cc_zlib_api {
    const char *(*zlibVersion)(void);
    int (*inflateInit2_)(cc_z_stream *, int, const char *, int);
    int (*inflate)(cc_z_stream *, int);
    int (*inflateReset)(cc_z_stream *);
    int (*inflateEnd)(cc_z_stream *);
    int (*deflateInit2_)(cc_z_stream *, int, int, int, int, int, const char *, int);
    int (*deflate)(cc_z_stream *, int);
    int (*deflateEnd)(cc_z_stream *);
} cc_zlib_api;

// MARK: zstd ABI (stable API, zstd >= 1.4)

typedef struct { const void *src; size_t size; size_t pos; } cc_zstd_in_buffer;
typedef struct { void *dst; size_t size; size_t pos; } cc_zstd_out_buffer;

#define CC_ZSTD_C_COMPRESSION_LEVEL 100
#define CC_ZSTD_C_CHECKSUM_FLAG 201
#define CC_ZSTD_E_CONTINUE 0
#define CC_ZSTD_E_END 2

typedef struct cc_zstd_api {
    void *(*ZSTD_createDCtx)(void);
    size_t (*ZSTD_freeDCtx)(void *);
    size_t (*ZSTD_decompressStream)(void *, cc_zstd_out_buffer *, cc_zstd_in_buffer *);
    void *(*ZSTD_createCCtx)(void);
    size_t (*ZSTD_freeCCtx)(void *);
    size_t (*ZSTD_CCtx_setParameter)(void *, int, int);
    size_t (*ZSTD_compressStream2)(void *, cc_zstd_out_buffer *, cc_zstd_in_buffer *, int);
    unsigned (*ZSTD_isError)(size_t);
    const char *(*ZSTD_getErrorName)(size_t);
    int (*ZSTD_getErrorCode)(size_t);
    int (*ZSTD_minCLevel)(void);
    int (*ZSTD_maxCLevel)(void);
} cc_zstd_api;

/// The resolved zlib functions, or NULL if zlib could not be loaded.
const cc_zlib_api *cc_zlib(void);
/// The resolved zstd functions, or NULL if zstd could not be loaded.
const cc_zstd_api *cc_zstd(void);

#endif
