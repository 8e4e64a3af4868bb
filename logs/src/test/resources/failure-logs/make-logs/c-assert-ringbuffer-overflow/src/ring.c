#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

struct ring {
    int *slots;
    size_t capacity;
    size_t head;
    size_t count;
};

static void rb_init(struct ring *rb, size_t capacity)
{
    rb->slots = calloc(capacity, sizeof(int));
    rb->capacity = capacity;
    rb->head = 0;
    rb->count = 0;
}

/* @@PAD@@ */
static void rb_push(struct ring *rb, int value)
{
    assert(rb->count < rb->capacity);
    rb->slots[(rb->head + rb->count) % rb->capacity] = value;
    rb->count++;
}

int main(void)
{
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
    srand(seed);
    printf("ring buffer soak test, seed=%u\n", seed);
    fflush(stdout);
    struct ring rb;
    rb_init(&rb, 8);
    int events = 9 + rand() % 20;
    for (int i = 0; i < events; i++) {
        rb_push(&rb, rand() % 1000);
    }
    printf("pushed %d events\n", events);
    return 0;
}
