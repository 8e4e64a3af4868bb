'use strict';

const { applyDiscount } = require('../src/discount');

describe('applyDiscount', () => {
  test('leaves the amount alone without a code', () => {
    expect(applyDiscount(200, undefined)).toBe(200);
  });

  // @@PAD@@
  test('takes 15% off with SPRING', () => {
    const cartId = `cart-${Math.random().toString(36).slice(2, 10)}`;
    console.log(`pricing ${cartId}`);
    expect(applyDiscount(130, 'SPRING')).toBe(110.5);
  });
});
