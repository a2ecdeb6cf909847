// node-serve.js -- the typical Node.js mTLS server bench/run compares
// against: https.createServer with requestCert and rejectUnauthorized,
// answering every request with the same JSON body.
//
// Usage: node node-serve.js CA CERT KEY BODY-FILE [PORT]
// Prints "listening on 127.0.0.1:PORT" on stderr when ready (PORT 0, the
// default, picks a free port).
//
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';
const fs = require('fs');
const https = require('https');

const [ca, cert, key, bodyFile, port = '0'] = process.argv.slice(2);
if (!bodyFile) {
  console.error('usage: node node-serve.js CA CERT KEY BODY-FILE [PORT]');
  process.exit(2);
}
const body = fs.readFileSync(bodyFile);
const headers = {
  'Content-Type': 'application/json',
  'Content-Length': body.length,
};

const server = https.createServer({
  ca: fs.readFileSync(ca),
  cert: fs.readFileSync(cert),
  key: fs.readFileSync(key),
  requestCert: true,
  rejectUnauthorized: true,
}, (req, res) => {
  res.writeHead(200, headers);
  res.end(body);
});
// Keep idle keep-alive connections as long as the benchmark holds them.
server.keepAliveTimeout = 300000;
server.headersTimeout = 301000;
server.requestTimeout = 0;
server.listen(Number(port), '127.0.0.1', () => {
  console.error(`listening on 127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
