'use strict';

const crypto = require('node:crypto');
const { findUser } = require('./users');

// @@PAD@@
function buildNotification(userId, ticket) {
  const user = findUser(userId);
  return {
    to: user.email,
    subject: `Ticket ${ticket} was updated`,
  };
}

const ticket = crypto.randomUUID();
console.log(`sending notifications for ticket ${ticket}`);
for (const id of ['u-100', 'u-' + (200 + crypto.randomInt(800))]) {
  console.log(buildNotification(id, ticket));
}
