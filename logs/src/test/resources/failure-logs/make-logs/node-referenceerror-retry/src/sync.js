'use strict';

const net = require('node:net');
const { withRetry } = require('./retry');

const port = 20000 + Math.floor(Math.random() * 40000);

function connect(attempt) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.on('error', reject);
  });
}

withRetry(connect, 3).then(() => console.log('synced'));
