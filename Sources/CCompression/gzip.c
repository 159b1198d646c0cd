// gzip inflate/deflate streams over the dlopen'ed zlib.
#include "ccompression.h"
#include "shim.h"

#include <limits.h>
#include <stdlib.h>

struct cc_gzip_stream {
    cc_z_stream z;
    int deflating;
};

static cc_gzip_stream *allocate(int *status) {
    if (cc_zlib() == NULL) { *status = CC_Z_UNAVAILABLE; return NULL; }
    cc_gzip_stream *stream = calloc(1, sizeof(cc_gzip_stream));
    if (stream == NULL) *status = CC_Z_MEM_ERROR;
    return stream;
}

cc_gzip_stream *cc_gzip_inflate_create(int *status) {
    cc_gzip_stream *stream = allocate(status);
    if (stream == NULL) return NULL;
    const cc_zlib_api *z = cc_zlib();
    // 15 + 32: maximum window, automatic gzip or zlib header detection.
    *status = z->inflateInit2_(&stream->z, 15 + 32, z->zlibVersion(), (int)sizeof(cc_z_stream));
    if (*status != CC_Z_OK) { free(stream); return NULL; }
    return stream;
}

cc_gzip_stream *cc_raw_inflate_create(int *status) {
    cc_gzip_stream *stream = allocate(status);
    if (stream == NULL) return NULL;
    const cc_zlib_api *z = cc_zlib();
    // -15: raw deflate, no header or trailer (zip entries).
    *status = z->inflateInit2_(&stream->z, -15, z->zlibVersion(), (int)sizeof(cc_z_stream));
    if (*status != CC_Z_OK) { free(stream); return NULL; }
    return stream;
}

cc_gzip_stream *cc_gzip_deflate_create(int level, int *status) {
    cc_gzip_stream *stream = allocate(status);
    if (stream == NULL) return NULL;
    const cc_zlib_api *z = cc_zlib();
    // 15 + 16: maximum window, gzip wrapper; memLevel 8 and the default strategy, as gzip(1) does.
    *status = z->deflateInit2_(&stream->z, level, CC_Z_DEFLATED, 15 + 16, 8, 0, z->zlibVersion(),
                               (int)sizeof(cc_z_stream));
    if (*status != CC_Z_OK) { free(stream); return NULL; }
    stream->deflating = 1;
    return stream;
}

int cc_gzip_step(cc_gzip_stream *stream, const void *input, size_t input_length, size_t *consumed,
                 void *output, size_t output_capacity, size_t *produced, int finish) {
    const cc_zlib_api *z = cc_zlib();
    unsigned int in = input_length > UINT_MAX ? UINT_MAX : (unsigned int)input_length;
    unsigned int out = output_capacity > UINT_MAX ? UINT_MAX : (unsigned int)output_capacity;
    stream->z.next_in = (const unsigned char *)input;
    stream->z.avail_in = in;
    stream->z.next_out = (unsigned char *)output;
    stream->z.avail_out = out;
    int flush = (finish && (size_t)in == input_length) ? CC_Z_FINISH : CC_Z_NO_FLUSH;
    int result = stream->deflating ? z->deflate(&stream->z, flush) : z->inflate(&stream->z, flush);
    *consumed = (size_t)(in - stream->z.avail_in);
    *produced = (size_t)(out - stream->z.avail_out);
    stream->z.next_in = NULL;
    stream->z.avail_in = 0;
    return result;
}

int cc_gzip_reset(cc_gzip_stream *stream) {
    if (stream->deflating) return CC_Z_STREAM_ERROR;
    return cc_zlib()->inflateReset(&stream->z);
}

const char *cc_gzip_message(const cc_gzip_stream *stream) {
    return stream->z.msg;
}

void cc_gzip_destroy(cc_gzip_stream *stream) {
    if (stream == NULL) return;
    const cc_zlib_api *z = cc_zlib();
    if (stream->deflating) z->deflateEnd(&stream->z); else z->inflateEnd(&stream->z);
    free(stream);
}
