// CCompression: a dlopen shim over the system zlib (libz.so.1), zstd (libzstd.so.1) and liblzma (liblzma.so.5).
//
// No zlib.h / zstd.h is included anywhere: the few types and constants needed are declared in the
// sources (see shim.h), and every library function is resolved lazily with dlopen/dlsym, once per
// process (pthread_once). A machine without the zstd -dev package can build and run this module.
//
// Streams are not thread-safe; use one stream from one thread at a time.
#ifndef CCOMPRESSION_H
#define CCOMPRESSION_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Libraries the shim can load.
#define CC_LIBRARY_ZLIB 0
#define CC_LIBRARY_ZSTD 1
#define CC_LIBRARY_LZMA 2

/// Loads `library` (CC_LIBRARY_ZLIB, CC_LIBRARY_ZSTD or CC_LIBRARY_LZMA) if not done yet. Returns 1 when every needed
/// symbol resolved, 0 otherwise; then `*message` (if not NULL) points at static text saying why
/// (the dlerror() text or the missing symbol). Thread-safe.
int cc_library_load(int library, const char *_Nullable *_Nullable message);

// MARK: gzip (zlib)

/// Result codes of the gzip functions (the zlib values).
#define CC_Z_OK 0
#define CC_Z_STREAM_END 1
#define CC_Z_NEED_DICT 2
#define CC_Z_ERRNO (-1)
#define CC_Z_STREAM_ERROR (-2)
#define CC_Z_DATA_ERROR (-3)
#define CC_Z_MEM_ERROR (-4)
#define CC_Z_BUF_ERROR (-5)
#define CC_Z_VERSION_ERROR (-6)
/// Returned by the create functions when zlib could not be loaded.
#define CC_Z_UNAVAILABLE (-100)

/// A zlib inflate or deflate stream.
typedef struct cc_gzip_stream cc_gzip_stream;

/// Creates an inflate stream accepting gzip and zlib headers (windowBits 15+32).
/// Returns NULL and sets `*status` on failure.
cc_gzip_stream *_Nullable cc_gzip_inflate_create(int *_Nonnull status);

/// Creates an inflate stream for raw deflate data (windowBits -15), as stored in zip entries.
/// Returns NULL and sets `*status` on failure.
cc_gzip_stream *_Nullable cc_raw_inflate_create(int *_Nonnull status);

/// Creates a gzip deflate stream (windowBits 15+16, memLevel 8) at `level` (-1 = default, 0…9).
/// Returns NULL and sets `*status` on failure.
cc_gzip_stream *_Nullable cc_gzip_deflate_create(int level, int *_Nonnull status);

/// Runs inflate or deflate once over `input` into `output`. `finish` (deflate only) requests the
/// end of the stream (Z_FINISH). Inputs and outputs larger than 4 GiB are clamped (call again).
/// Returns a CC_Z_* code; `*consumed` and `*produced` say how many bytes were used and written.
int cc_gzip_step(cc_gzip_stream *_Nonnull stream,
                 const void *_Nullable input, size_t input_length, size_t *_Nonnull consumed,
                 void *_Nonnull output, size_t output_capacity, size_t *_Nonnull produced,
                 int finish);

/// Resets an inflate stream to read another member (concatenated gzip). Returns a CC_Z_* code.
int cc_gzip_reset(cc_gzip_stream *_Nonnull stream);

/// zlib's last error message for `stream`, or NULL.
const char *_Nullable cc_gzip_message(const cc_gzip_stream *_Nonnull stream);

/// Frees `stream` (NULL is fine).
void cc_gzip_destroy(cc_gzip_stream *_Nullable stream);

// MARK: zstd

/// The zstd error code for "frame requires a window larger than allowed" (ZSTD_error_frameParameter_windowTooLarge).
#define CC_ZSTD_ERROR_WINDOW_TOO_LARGE 16

/// A zstd decompression context (ZSTD_DCtx).
typedef struct cc_zstd_dstream cc_zstd_dstream;
/// A zstd compression context (ZSTD_CCtx).
typedef struct cc_zstd_cstream cc_zstd_cstream;

/// Creates a decompression context, or NULL if zstd is unavailable or out of memory.
cc_zstd_dstream *_Nullable cc_zstd_dstream_create(void);

/// ZSTD_decompressStream once. Returns the zstd result: an error code (see cc_zstd_is_error),
/// 0 when a frame was fully decoded and flushed, or a hint of how much more input is expected.
size_t cc_zstd_dstream_step(cc_zstd_dstream *_Nonnull stream,
                            const void *_Nullable input, size_t input_length, size_t *_Nonnull consumed,
                            void *_Nonnull output, size_t output_capacity, size_t *_Nonnull produced);

/// Frees a decompression context (NULL is fine).
void cc_zstd_dstream_destroy(cc_zstd_dstream *_Nullable stream);

/// Creates a compression context at `level` with content checksums on, or NULL (then `*error`
/// holds a zstd error code, or 0 when zstd is unavailable or memory ran out).
cc_zstd_cstream *_Nullable cc_zstd_cstream_create(int level, size_t *_Nonnull error);

/// ZSTD_compressStream2 once with ZSTD_e_continue, or ZSTD_e_end when `end` is non-zero. Returns the
/// zstd result: an error code, or (with `end`) 0 when the frame is complete, else bytes left to flush.
size_t cc_zstd_cstream_step(cc_zstd_cstream *_Nonnull stream,
                            const void *_Nullable input, size_t input_length, size_t *_Nonnull consumed,
                            void *_Nonnull output, size_t output_capacity, size_t *_Nonnull produced,
                            int end);

/// Frees a compression context (NULL is fine).
void cc_zstd_cstream_destroy(cc_zstd_cstream *_Nullable stream);

/// Non-zero when `code` (a zstd result) is an error.
int cc_zstd_is_error(size_t code);

/// The zstd error name for `code` (static text).
const char *_Nonnull cc_zstd_error_name(size_t code);

/// The zstd error enum value for `code` (ZSTD_getErrorCode), 0 if none.
int cc_zstd_error_code(size_t code);

/// The lowest and highest compression levels zstd accepts (0 each when unavailable).
int cc_zstd_min_level(void);
int cc_zstd_max_level(void);

// MARK: xz (liblzma)

/// Result codes of the xz functions (liblzma's lzma_ret values).
#define CC_LZMA_OK 0
#define CC_LZMA_STREAM_END 1
#define CC_LZMA_MEM_ERROR 5
#define CC_LZMA_MEMLIMIT_ERROR 6
#define CC_LZMA_FORMAT_ERROR 7
#define CC_LZMA_OPTIONS_ERROR 8
#define CC_LZMA_DATA_ERROR 9
#define CC_LZMA_BUF_ERROR 10
#define CC_LZMA_PROG_ERROR 11
/// Returned by cc_xz_dstream_create when liblzma could not be loaded.
#define CC_LZMA_UNAVAILABLE (-100)

/// An xz decoder (lzma_stream_decoder with concatenated streams).
typedef struct cc_xz_dstream cc_xz_dstream;

/// Creates a decoder that uses at most `memory_limit` bytes (liblzma's memlimit: a stream asking for more fails with
/// CC_LZMA_MEMLIMIT_ERROR). Returns NULL and sets `*status` on failure.
cc_xz_dstream *_Nullable cc_xz_dstream_create(unsigned long long memory_limit, int *_Nonnull status);

/// lzma_code once over `input` into `output`; `finish` declares the end of the input (LZMA_FINISH). Returns a
/// CC_LZMA_* code: CC_LZMA_STREAM_END once the last stream ended (only with `finish`).
int cc_xz_dstream_step(cc_xz_dstream *_Nonnull stream,
                       const void *_Nullable input, size_t input_length, size_t *_Nonnull consumed,
                       void *_Nonnull output, size_t output_capacity, size_t *_Nonnull produced,
                       int finish);

/// Frees a decoder (NULL is fine).
void cc_xz_dstream_destroy(cc_xz_dstream *_Nullable stream);

#ifdef __cplusplus
}
#endif

#endif
