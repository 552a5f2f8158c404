'use strict';
// The control port of a Node echo server, line based like the JVM servers' ControlPort:
// "pid" -> the process id; "heap" -> "heap=N rss=M" after full GCs (node --expose-gc): N is V8's used heap,
// M the resident set size. Anything else -> "error ...".
const net = require('net');

function settle() {
  let previous = Infinity;
  let used = process.memoryUsage().heapUsed;
  for (let i = 0; i < 10 && used < previous; i++) {
    if (global.gc) global.gc();
    previous = used;
    used = process.memoryUsage().heapUsed;
  }
  return Math.min(used, previous);
}

function answer(command) {
  switch (command) {
    case 'pid': return String(process.pid);
    case 'heap': { const heap = settle(); return `heap=${heap} rss=${process.memoryUsage().rss}`; }
    default: return `error unknown command '${command}'`;
  }
}

exports.start = (port) => net.createServer((socket) => {
  let buffered = '';
  socket.setEncoding('ascii');
  socket.on('data', (chunk) => {
    buffered += chunk;
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl).trim();
      buffered = buffered.slice(nl + 1);
      socket.write(answer(line) + '\n');
    }
  });
  socket.on('error', () => {});
}).listen(port, '127.0.0.1');
