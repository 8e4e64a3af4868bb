// Tests whose outcomes are known in advance, to record what jest-junit writes for each kind.
let attempts = 0;

describe('cart', () => {
  test('adds line totals', () => {
    expect(5 + 7).toBe(12);
  });

  describe('discounts', () => {
    test('applies the coupon', () => {
      expect(100 * 0.9).toBe(80);
    });

    test.skip('stacks two coupons', () => {});

    test.todo('expires coupons');
  });

  test('throws from the code under test', () => {
    throw new TypeError("Cannot read properties of undefined (reading 'price')");
  });
});

describe('retries', () => {
  jest.retryTimes(2);
  test('passes on its second attempt', () => {
    attempts += 1;
    expect(attempts).toBe(2);
  });
});
