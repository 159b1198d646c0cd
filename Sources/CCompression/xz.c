// xz streaming decompression over the dlopen'ed liblzma.
#include "ccompression.h"
#include "shim.h"

#include <stdlib.h>

struct cc_xz_dstream {
    cc_lzma_stream stream;
};

cc_xz_dstream *cc_xz_dstream_create(unsigned long long memory_limit, int *status) {
    const cc_lzma_api *api = cc_lzma();
    if (api == NULL) { *status = CC_LZMA_UNAVAILABLE; return NULL; }
    cc_xz_dstream *decoder = calloc(1, sizeof(cc_xz_dstream));
    if (decoder == NULL) { *status = CC_LZMA_MEM_ERROR; return NULL; }
    *status = api->lzma_stream_decoder(&decoder->stream, memory_limit, CC_LZMA_CONCATENATED);
    if (*status != CC_LZMA_OK) { free(decoder); return NULL; }
    return decoder;
}

int cc_xz_dstream_step(cc_xz_dstream *decoder, const void *input, size_t input_length, size_t *consumed,
                       void *output, size_t output_capacity, size_t *produced, int finish) {
    cc_lzma_stream *stream = &decoder->stream;
    stream->next_in = input;
    stream->avail_in = input_length;
    stream->next_out = output;
    stream->avail_out = output_capacity;
    int result = cc_lzma()->lzma_code(stream, finish ? CC_LZMA_FINISH : CC_LZMA_RUN);
    *consumed = input_length - stream->avail_in;
    *produced = output_capacity - stream->avail_out;
    return result;
}

void cc_xz_dstream_destroy(cc_xz_dstream *decoder) {
    if (decoder == NULL) return;
    cc_lzma()->lzma_end(&decoder->stream);
    free(decoder);
}
