'use strict';
// The uWebSockets.js peer of benchmarks/run.sh: echoes every message on one thread, compression off.
// usage: node --expose-gc uws-echo.js PORT CONTROL_PORT
const uWS = require('uwebsockets');
const control = require('./control');

const MAX_MESSAGE = 32 * 1024 * 1024; // as the JVM servers
const [port, controlPort] = process.argv.slice(2).map(Number);

uWS.App().ws('/*', {
  compression: uWS.DISABLED,
  maxPayloadLength: MAX_MESSAGE,
  // room for a 32 MiB message in each direction: above it uWS drops sends, which the generator would see as loss
  maxBackpressure: 4 * MAX_MESSAGE,
  message: (ws, message, isBinary) => { ws.send(message, isBinary); },
}).listen('127.0.0.1', port, (listenSocket) => {
  if (!listenSocket) {
    console.error(`Cannot listen on 127.0.0.1:${port}.`);
    process.exit(1);
  }
  control.start(controlPort);
  console.log(`READY uws port=${port} pid=${process.pid}`);
});
