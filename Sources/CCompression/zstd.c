// zstd streaming decompression and compression over the dlopen'ed libzstd.
#include "ccompression.h"
#include "shim.h"

cc_zstd_dstream *cc_zstd_dstream_create(void) {
    const cc_zstd_api *api = cc_zstd();
    if (api == NULL) return NULL;
    // Defaults keep ZSTD_d_windowLogMax at 27: frames needing more than 128 MiB of window are refused.
    return (cc_zstd_dstream *)api->ZSTD_createDCtx();
}

size_t cc_zstd_dstream_step(cc_zstd_dstream *stream, const void *input, size_t input_length, size_t *consumed,
                            void *output, size_t output_capacity, size_t *produced) {
    cc_zstd_in_buffer in = { input, input_length, 0 };
    cc_zstd_out_buffer out = { output, output_capacity, 0 };
    size_t result = cc_zstd()->ZSTD_decompressStream(stream, &out, &in);
    *consumed = in.pos;
    *produced = out.pos;
    return result;
}

void cc_zstd_dstream_destroy(cc_zstd_dstream *stream) {
    if (stream != NULL) cc_zstd()->ZSTD_freeDCtx(stream);
}

cc_zstd_cstream *cc_zstd_cstream_create(int level, size_t *error) {
    *error = 0;
    const cc_zstd_api *api = cc_zstd();
    if (api == NULL) return NULL;
    void *context = api->ZSTD_createCCtx();
    if (context == NULL) return NULL;
    size_t result = api->ZSTD_CCtx_setParameter(context, CC_ZSTD_C_COMPRESSION_LEVEL, level);
    if (!api->ZSTD_isError(result)) result = api->ZSTD_CCtx_setParameter(context, CC_ZSTD_C_CHECKSUM_FLAG, 1);
    if (api->ZSTD_isError(result)) {
        *error = result;
        api->ZSTD_freeCCtx(context);
        return NULL;
    }
    return (cc_zstd_cstream *)context;
}

size_t cc_zstd_cstream_step(cc_zstd_cstream *stream, const void *input, size_t input_length, size_t *consumed,
                            void *output, size_t output_capacity, size_t *produced, int end) {
    cc_zstd_in_buffer in = { input, input_length, 0 };
    cc_zstd_out_buffer out = { output, output_capacity, 0 };
    size_t result = cc_zstd()->ZSTD_compressStream2(stream, &out, &in, end ? CC_ZSTD_E_END : CC_ZSTD_E_CONTINUE);
    *consumed = in.pos;
    *produced = out.pos;
    return result;
}

void cc_zstd_cstream_destroy(cc_zstd_cstream *stream) {
    if (stream != NULL) cc_zstd()->ZSTD_freeCCtx(stream);
}

int cc_zstd_is_error(size_t code) {
    const cc_zstd_api *api = cc_zstd();
    return api != NULL && api->ZSTD_isError(code) ? 1 : 0;
}

const char *cc_zstd_error_name(size_t code) {
    const cc_zstd_api *api = cc_zstd();
    return api != NULL ? api->ZSTD_getErrorName(code) : "zstd unavailable";
}

int cc_zstd_error_code(size_t code) {
    const cc_zstd_api *api = cc_zstd();
    return api != NULL ? api->ZSTD_getErrorCode(code) : 0;
}

int cc_zstd_min_level(void) {
    const cc_zstd_api *api = cc_zstd();
    return api != NULL ? api->ZSTD_minCLevel() : 0;
}

int cc_zstd_max_level(void) {
    const cc_zstd_api *api = cc_zstd();
    return api != NULL ? api->ZSTD_maxCLevel() : 0;
}
