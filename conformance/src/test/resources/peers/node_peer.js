// Node `ws` (pinned in ci-node/package.json) as a peer of the project's tests.
//   node node_peer.js client URL [deflate|plain]   echo checks against an echo server, one line per check
//   node node_peer.js server [deflate|plain]       echo server on 127.0.0.1, prints "LISTENING <port>", stops on stdin EOF
// Each check prints "OK <name>" or "FAIL <name>: <why>"; exit code 0 only if every check passed.
'use strict';
const crypto = require('crypto');
const WebSocket = require('ws');

const SIZES = [0, 1, 125, 126, 65535, 65536, 1 << 20, 16 << 20];
const results = [];
function check(name, ok, why) {
  results.push(ok);
  console.log(ok ? `OK ${name}` : `FAIL ${name}: ${why}`);
}

function next(ws) {
  return new Promise((resolve, reject) => {
    ws.once('message', (data, isBinary) => resolve({ data, isBinary }));
    ws.once('close', (code) => reject(new Error(`closed with ${code} while waiting`)));
  });
}

async function client(url, compression) {
  const deflate = compression === 'deflate';
  const ws = new WebSocket(url, ['chat'], { perMessageDeflate: deflate, maxPayload: 0 });
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  check('subprotocol', ws.protocol === 'chat', `negotiated ${ws.protocol}`);
  check(`compression-${compression}`, ws.extensions.includes('permessage-deflate') === deflate,
    `extensions "${ws.extensions}"`);
  for (const n of SIZES) {
    const text = 'h\u00e9llo \u20ac'.repeat(Math.floor(n / 10) + 1).slice(0, n);
    ws.send(text);
    let m = await next(ws);
    check(`text-${n}`, !m.isBinary && m.data.toString('utf8') === text, 'echo differs');
    const data = crypto.randomBytes(n);
    ws.send(data);
    m = await next(ws);
    check(`binary-${n}`, m.isBinary && Buffer.compare(m.data, data) === 0, 'echo differs');
  }
  ws.send('frag', { fin: false });
  ws.send('mented \u00e9', { fin: true });
  let m = await next(ws);
  check('fragmented-text', m.data.toString('utf8') === 'fragmented \u00e9', 'bad echo');
  const pong = new Promise((resolve) => ws.once('pong', resolve));
  ws.ping(Buffer.from('are you there'));
  const payload = await Promise.race([pong, new Promise((r) => setTimeout(() => r(null), 10000))]);
  check('ping-pong', payload !== null && payload.toString() === 'are you there', 'no pong within 10 s');
  const closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason })));
  ws.close(4001, 'bye from node');
  const c = await closed;
  check('close-code', c.code === 4001, `server answered ${c.code}`);
}

function server(compression) {
  const wss = new WebSocket.Server({
    host: '127.0.0.1', port: 0, perMessageDeflate: compression === 'deflate', maxPayload: 0,
    handleProtocols: (protocols) => (protocols.has('chat') ? 'chat' : false),
  });
  wss.on('connection', (ws) => ws.on('message', (data, isBinary) => {
    const text = isBinary ? '' : data.toString('utf8');
    if (text.startsWith('close:')) {          // "close:4002:why" asks this server to close
      const [, code, reason] = text.split(':');
      ws.close(Number(code), reason);
    } else {
      ws.send(data, { binary: isBinary });
    }
  }));
  wss.on('listening', () => console.log(`LISTENING ${wss.address().port}`));
  process.stdin.resume();
  process.stdin.on('end', () => { wss.close(); process.exit(0); });
}

const [mode, a, b] = process.argv.slice(2);
if (mode === 'client') {
  client(a, b || 'plain')
    .catch((e) => check('client-run', false, String(e)))
    .finally(() => process.exit(results.length > 0 && results.every((x) => x) ? 0 : 1));
} else {
  server(a || 'plain');
}
