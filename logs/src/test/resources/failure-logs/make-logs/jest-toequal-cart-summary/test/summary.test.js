'use strict';

const crypto = require('node:crypto');
const { summarize } = require('../src/summary');

// @@PAD@@
test('summarizes cart totals in the cart currency', () => {
  const cart = {
    id: crypto.randomUUID(),
    currency: 'EUR',
    lines: [
      { sku: 'A-1', qty: 2, price: 12.5, currency: 'USD' },
      { sku: 'B-7', qty: 1, price: 17.5, currency: 'EUR' },
    ],
  };
  expect(summarize(cart)).toEqual({ items: 3, total: 42.5, currency: 'EUR' });
});
