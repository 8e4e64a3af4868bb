#include <string.h>
#include "frame.h"

#define HEADER_SIZE 3

/* @@PAD@@ */
int frame_decode(const uint8_t *data, size_t size, struct frame *out)
{
    if (size < HEADER_SIZE) {
        return -1;
    }
    out->type = data[0];
    out->length = ((size_t)data[1] << 8) | data[2];
    if (out->length > buffer_len - HEADER_SIZE) {
        return -2;
    }
    out->payload = data + HEADER_SIZE;
    return 0;
}
