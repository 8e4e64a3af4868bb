#ifndef FRAME_H
#define FRAME_H
#include <stddef.h>
#include <stdint.h>

struct frame {
    uint8_t type;
    size_t length;
    const uint8_t *payload;
};

int frame_decode(const uint8_t *data, size_t size, struct frame *out);

#endif
