'use strict';

function summarize(cart) {
  const items = cart.lines.reduce((n, l) => n + l.qty, 0);
  const total = cart.lines.reduce((t, l) => t + l.qty * l.price, 0);
  // BUG: currency is taken from the first line instead of the cart
  return { items, total, currency: cart.lines[0].currency };
}

module.exports = { summarize };
