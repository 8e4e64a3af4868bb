package dev.mainline.mergequeue;

/** The lane an entry waits in. Urgent entries go ahead of every normal entry whose testing has not started. */
public enum Priority {
    URGENT,
    NORMAL
}
