'use strict';
// The Node ws peer of benchmarks/run.sh: echoes every message, ws's defaults (permessage-deflate off).
// The generator bounds what is in flight, so writes need no pause here.
// usage: node --expose-gc ws-echo.js PORT CONTROL_PORT
const { WebSocketServer } = require('ws');
const control = require('./control');

const MAX_MESSAGE = 32 * 1024 * 1024; // as the JVM servers
const [port, controlPort] = process.argv.slice(2).map(Number);

const wss = new WebSocketServer({ host: '127.0.0.1', port, maxPayload: MAX_MESSAGE, perMessageDeflate: false });
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  ws.on('error', () => {});
});
wss.on('listening', () => {
  control.start(controlPort);
  console.log(`READY nodews port=${port} pid=${process.pid}`);
});
