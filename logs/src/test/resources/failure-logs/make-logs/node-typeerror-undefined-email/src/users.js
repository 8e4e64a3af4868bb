'use strict';

const users = [
  { id: 'u-100', name: 'Grace', email: 'grace@example.org' },
  { id: 'u-101', name: 'Linus', email: 'linus@example.org' },
];

function findUser(id) {
  return users.find((u) => u.id === id);
}

module.exports = { findUser };
