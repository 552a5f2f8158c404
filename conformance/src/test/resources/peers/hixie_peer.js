'use strict';
// A draft-hixie-75/76 server built on the npm package websocket-driver (pinned in ci-node/package.json), over raw
// TCP on 127.0.0.1: prints "LISTENING <port>", echoes every text message, answers "version?" with the protocol
// version the driver chose (hixie-75, hixie-76 or hybi-13), and closes when sent "close please". allowDrafts makes
// the driver answer draft-75/76 requests (it speaks only RFC 6455 without it). Stops when stdin
// ends.
const net = require('net');
const websocket = require('websocket-driver');

const server = net.createServer((conn) => {
  const driver = websocket.server({ allowDrafts: true });
  conn.on('error', () => conn.destroy());
  driver.on('connect', () => {
    if (websocket.isWebSocket(driver)) {
      driver.start();
    } else {
      conn.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    }
  });
  driver.on('error', (e) => console.error('driver error: ' + e.message));
  driver.messages.on('data', (message) => {
    if (message === 'version?') {
      driver.text(driver.version);
    } else if (message === 'close please') {
      driver.close();
    } else {
      driver.text(message);
    }
  });
  driver.on('close', () => conn.end());
  conn.pipe(driver.io).pipe(conn);
});

server.listen(0, '127.0.0.1', () => {
  console.log('LISTENING ' + server.address().port);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
