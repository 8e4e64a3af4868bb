'use strict';

// @@PAD@@
async function withRetry(task, attempts) {
  for (let i = 1; i <= attempts; i++) {
    try {
      return await task(i);
    } catch (err) {
      console.error(`attempt ${i} failed: ${err.message}`);
      if (retryCount >= attempts) {
        throw err;
      }
    }
  }
}

module.exports = { withRetry };
