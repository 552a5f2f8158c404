// The demo page in a real browser: headless Chromium (Debian's) driven by playwright-core.
// Usage: node browser-test.mjs URL SERVER_PID on|off [SCREENSHOT.png]
// Env: CI_NODE_DIR = the folder whose node_modules holds playwright-core; EXPECT_RESTART=1: after the shutdown,
// print "AWAITING RESTART" and wait for the page to reconnect to a server started again on the same port.
// Checks: echo (text, binary, 200 KB), chat between two pages, the negotiated extension (permessage-deflate when the
// server offers it, none when it doesn't), the seeds' echo page (seed-echo.html: echo on /), then SIGTERMs the
// server and waits for close code 1001 in both panels.
// Prints "BROWSER TEST PASSED" and exits 0, or prints what failed and exits 1.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [url, serverPid, deflate, screenshot] = process.argv.slice(2);
if (!url || !serverPid || !['on', 'off'].includes(deflate)) {
  console.error('usage: node browser-test.mjs URL SERVER_PID on|off [SCREENSHOT.png]');
  process.exit(2);
}
const require = createRequire(path.join(process.env.CI_NODE_DIR || process.cwd(), 'package.json'));
const { chromium } = require('playwright-core');

const TIMEOUT = 15000;
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wscodec-chromium-'));
let context;

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function openPage(name) {
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.log(`[${name} console] ${m.text()}`); });
  page.on('pageerror', (e) => console.log(`[${name} page error] ${e.message}`));
  await page.goto(url + '?name=' + name);
  await page.waitForFunction(() => window.demo && demo.echo.stateEl.dataset.state === 'open'
      && demo.chat.stateEl.dataset.state === 'open', null, { timeout: TIMEOUT });
  return page;
}

async function waitReceived(page, channel, predicateSource, what) {
  try {
    await page.waitForFunction(([ch, src]) => demo[ch].received.some(new Function('m', 'return ' + src)),
        [channel, predicateSource], { timeout: TIMEOUT });
  } catch (e) {
    const got = await page.evaluate((ch) => demo[ch].received.slice(-10), channel);
    throw new Error(`${what}: not received within ${TIMEOUT} ms; last messages: ${JSON.stringify(got)}`);
  }
}

async function main() {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1200, height: 700 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
  const alice = await openPage('alice');

  // Negotiation: the browser always offers permessage-deflate; the page shows what the server accepted.
  const neg = await alice.evaluate(() => ({ ext: demo.echo.extensions, chatExt: demo.chat.extensions,
    protocol: demo.chat.protocol, meta: document.getElementById('echo-meta').textContent }));
  if (deflate === 'on') {
    check(neg.ext.startsWith('permessage-deflate') && neg.chatExt.startsWith('permessage-deflate'),
        `expected permessage-deflate to be negotiated, got "${neg.ext}" / "${neg.chatExt}"`);
  } else {
    check(neg.ext === '' && neg.chatExt === '', `expected no extension, got "${neg.ext}" / "${neg.chatExt}"`);
  }
  check(neg.protocol === 'chat', `expected the chat subprotocol to be chosen from "chat, superchat", got "${neg.protocol}"`);
  check(neg.meta.includes('extensions: ' + (neg.ext || 'none')), `the page shows the extensions: ${neg.meta}`);
  console.log(`negotiated: echo extensions "${neg.ext}", chat subprotocol "${neg.protocol}"`);

  // Echo: typed text, a binary message and a large repetitive text (compresses well when deflate is on).
  await alice.fill('#echo-input', 'Hello from Chromium!');
  await alice.click('#echo-send');
  await waitReceived(alice, 'echo', "m === 'Hello from Chromium!'", 'the text echo');
  await alice.check('#echo-binary');
  await alice.fill('#echo-input', 'bytes');
  await alice.click('#echo-send');
  await waitReceived(alice, 'echo', "m.startsWith('binary 5 bytes: 62 79 74 65 73')", 'the binary echo');
  await alice.uncheck('#echo-binary');
  const big = await alice.evaluate(() => { const s = 'wscodec '.repeat(25000); demo.echo.send(s); return s.length; });
  await waitReceived(alice, 'echo', `m.length === ${big} && m.startsWith('wscodec wscodec')`, 'the 200 KB echo');
  await alice.fill('#echo-input', 'Text and binary come back as they went.');
  await alice.click('#echo-send');
  await waitReceived(alice, 'echo', "m.startsWith('Text and binary')", 'the last echo');
  console.log('echo: text, binary and 200 KB messages came back');

  // Chat: a second page; each sees the other's messages through the server's broadcast.
  const bob = await openPage('bob');
  await waitReceived(bob, 'chat', "m.startsWith('Welcome, bob!')", "bob's welcome");
  await waitReceived(alice, 'chat', "m === '* bob joined the room'", "bob's arrival, seen by alice");
  await alice.fill('#chat-input', 'Hi Bob, this went through the event bus.');
  await alice.click('#chat-send');
  await waitReceived(bob, 'chat', "/^\\d\\d:\\d\\d:\\d\\d alice: Hi Bob, this went through the event bus\\.$/.test(m)",
      "alice's message on bob's page");
  await bob.fill('#chat-input', 'Hello Alice!');
  await bob.press('#chat-input', 'Enter');
  await waitReceived(alice, 'chat', "/ bob: Hello Alice!$/.test(m)", "bob's message on alice's page");
  console.log('chat: messages crossed between two pages');

  // quit leaves the room: the server says goodbye and closes with 1000; the page does not reconnect.
  await bob.fill('#chat-input', 'quit');
  await bob.click('#chat-send');
  await waitReceived(bob, 'chat', "m === 'Bye, bob!'", "bob's goodbye");
  await bob.waitForFunction(() => demo.chat.closeCodes.includes(1000) && demo.chat.stateEl.dataset.state === 'closed',
      null, { timeout: TIMEOUT });
  await waitReceived(alice, 'chat', "m === '* bob left the room'", "bob's departure, seen by alice");
  console.log('chat: quit closed with 1000 and the room saw it');

  // The seeds' echo page (seed-echo.html, written for this project after seeds 000/002): it opens
  // ws://HOSTNAME:PORT with no path, i.e. /, sends the form's "Hello World!" and shows the echo. It is put into a
  // document of the server's origin (a 404 page of the demo, so nothing else runs there): Chromium's local network
  // access checks block a page from nowhere (a routed or data: URL) from connecting to localhost.
  const seed = await context.newPage();
  seed.on('console', (m) => {   // the 404 of the placeholder document is expected
    if (m.type() === 'error' && !m.text().includes('404')) console.log(`[seed page console] ${m.text()}`);
  });
  const origin = new URL(url).origin;
  await seed.goto(origin + '/seed-echo.html?port=' + new URL(url).port);
  await seed.setContent(fs.readFileSync(new URL('./seed-echo.html', import.meta.url), 'utf8'));
  try {
    await seed.waitForFunction(() => document.getElementById('serveroutput').textContent.includes('Connected.'),
        null, { timeout: TIMEOUT });
    check(await seed.evaluate(() => s.url) === `ws://localhost:${new URL(url).port}/`, 'the seed page connects to /');
    await seed.click('#send');
    await seed.waitForFunction(() => [...document.querySelectorAll('#serveroutput p')]
        .some((p) => p.textContent === 'Hello World!'), null, { timeout: TIMEOUT });
    check(await seed.inputValue('#msg') === '', 'the form was cleared after sending');
  } catch (e) {
    const shown = await seed.textContent('#serveroutput');
    throw new Error(`the seed echo page: ${e.message}; it shows: ${shown}`);
  }
  await seed.close();
  console.log('seed page: connected to / and showed the echo of "Hello World!"');

  if (screenshot) {
    await alice.fill('#echo-input', 'Hello World!');
    await alice.evaluate(() => document.activeElement.blur());
    await alice.screenshot({ path: screenshot });
    console.log('screenshot: ' + screenshot);
  }

  // Shutdown: SIGTERM the server (as Ctrl+C would); both pages must see 1001 (going away), then start reconnecting.
  process.kill(Number(serverPid), 'SIGTERM');
  for (const [name, page, panels] of [['alice', alice, ['echo', 'chat']], ['bob', bob, ['echo']]]) {
    try {
      await page.waitForFunction((ps) => ps.every(p => demo[p].closeCodes.includes(1001)), panels, { timeout: TIMEOUT });
    } catch (e) {
      const codes = await page.evaluate(() => [demo.echo.closeCodes, demo.chat.closeCodes]);
      throw new Error(`${name}: no 1001 close after the server was stopped; close codes ${JSON.stringify(codes)}`);
    }
    const log = await page.textContent('#echo-log');
    check(log.includes('closed: 1001 going away'), `${name}: the log shows the close code: ${log.slice(-200)}`);
    await page.waitForFunction(() => demo.echo.stateEl.dataset.state !== 'open', null, { timeout: TIMEOUT });
  }
  check(await bob.evaluate(() => demo.chat.stateEl.dataset.state === 'closed' && demo.chat.closeCodes.length === 1),
      'after quit the chat panel stays closed');
  console.log('shutdown: both pages saw 1001 going away');

  if (process.env.EXPECT_RESTART === '1') {
    // The test starts a new server on the same port; the page reconnects by itself (backoff 1 s, 2 s, 4 s ...).
    console.log('AWAITING RESTART');
    try {
      await alice.waitForFunction(() => demo.echo.stateEl.dataset.state === 'open'
          && demo.chat.stateEl.dataset.state === 'open', null, { timeout: 30000 });
    } catch (e) {
      const log = await alice.textContent('#echo-log');
      throw new Error('the page did not reconnect to the restarted server: ' + log.slice(-300));
    }
    await alice.fill('#echo-input', 'after the restart');
    await alice.click('#echo-send');
    await waitReceived(alice, 'echo', "m === 'after the restart'", 'the echo after reconnecting');
    console.log('reconnect: the page reconnected to the restarted server');
  }
}

try {
  await main();
  console.log('BROWSER TEST PASSED');
  await context.close();
  process.exitCode = 0;
} catch (e) {
  console.log('BROWSER TEST FAILED: ' + (e && e.stack || e));
  if (context) await context.close().catch(() => {});
  process.exitCode = 1;
} finally {
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
