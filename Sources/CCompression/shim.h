// Private declarations of CCompression: the minimal zlib, zstd and liblzma ABI (no system headers needed)
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

// MARK: liblzma ABI (xz; stable since 5.0: lzma_stream is zero-initialised, LZMA_STREAM_INIT)

typedef struct cc_lzma_stream {
    const unsigned char *next_in;
    size_t avail_in;
    unsigned long long total_in;
    unsigned char *next_out;
    size_t avail_out;
    unsigned long long total_out;
    const void *allocator;
    void *internal;
    void *reserved_ptr1;
    void *reserved_ptr2;
    void *reserved_ptr3;
    void *reserved_ptr4;
    unsigned long long reserved_int1;
    unsigned long long reserved_int2;
    size_t reserved_int3;
    size_t reserved_int4;
    int reserved_enum1;
    int reserved_enum2;
} cc_lzma_stream;

#define CC_LZMA_RUN 0
#define CC_LZMA_FINISH 3
/// lzma_stream_decoder flag: decode concatenated .xz streams as one.
#define CC_LZMA_CONCATENATED 0x08

typedef struct cc_lzma_api {
    int (*lzma_stream_decoder)(cc_lzma_stream *, unsigned long long, unsigned int);
    int (*lzma_code)(cc_lzma_stream *, int);
    void (*lzma_end)(cc_lzma_stream *);
} cc_lzma_api;

/// The resolved zlib functions, or NULL if zlib could not be loaded.
const cc_zlib_api *cc_zlib(void);
/// The resolved zstd functions, or NULL if zstd could not be loaded.
const cc_zstd_api *cc_zstd(void);
/// The resolved liblzma functions, or NULL if liblzma could not be loaded.
const cc_lzma_api *cc_lzma(void);

#endif
