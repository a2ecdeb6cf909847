// node-server.js -- a Node.js https server set up as a typical Node mTLS
// service (requestCert: true, rejectUnauthorized: true), for the tests.
// Usage: node node-server.js CERT KEY CA [MAX_TLS_VERSION]
// Listens on 127.0.0.1, a port the kernel picks, and prints that port.
//   /invoice.json  a fixed JSON body with Content-Length
//   /chunked       the same body sent in chunks
//   /echo          "METHOD BODY" back, with the x-test request header
//   /connections   how many TLS connections the server has accepted
//   anything else  404
'use strict';
const fs = require('fs');
const https = require('https');

const [cert, key, ca, maxVersion] = process.argv.slice(2);
const invoice = '{"invoice": 42, "amount": "99.50 EUR"}\n';
let connections = 0;

const server = https.createServer({
	cert: fs.readFileSync(cert),
	key: fs.readFileSync(key),
	ca: fs.readFileSync(ca),
	requestCert: true,
	rejectUnauthorized: true,
	maxVersion: maxVersion || 'TLSv1.3',
}, (req, res) => {
	let body = '';
	req.on('data', (d) => { body += d; });
	req.on('end', () => {
		if (req.url === '/invoice.json') {
			res.writeHead(200, { 'Content-Type': 'application/json',
					     'Content-Length': invoice.length });
			res.end(invoice);
		} else if (req.url === '/chunked') {
			res.writeHead(200, { 'Content-Type': 'application/json' });
			for (let i = 0; i < invoice.length; i += 7)
				res.write(invoice.slice(i, i + 7));
			res.end();
		} else if (req.url === '/echo') {
			const text = req.method + ' ' + body + ' x-test=' +
				(req.headers['x-test'] || '') + '\n';
			res.writeHead(200, { 'Content-Length': text.length });
			res.end(text);
		} else if (req.url === '/connections') {
			const text = connections + '\n';
			res.writeHead(200, { 'Content-Length': text.length });
			res.end(text);
		} else {
			res.writeHead(404, { 'Content-Type': 'text/plain' });
			res.end('no such thing\n');
		}
	});
});
server.on('secureConnection', () => { connections++; });
server.on('tlsClientError', () => {});
server.listen(0, '127.0.0.1', () => {
	process.stdout.write(server.address().port + '\n');
});
