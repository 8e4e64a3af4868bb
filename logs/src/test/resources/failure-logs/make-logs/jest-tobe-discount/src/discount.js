'use strict';

const RATES = { SPRING: 0.15, VIP: 0.25 };

function applyDiscount(amount, code) {
  const rate = RATES[code] || 0;
  // BUG: rounds the discount down to a multiple of ten
  return amount - Math.floor((amount * rate) / 10) * 10;
}

module.exports = { applyDiscount };
